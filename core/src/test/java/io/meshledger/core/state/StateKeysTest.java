package io.meshledger.core.state;

import io.meshledger.core.crypto.Hash;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StateKeysTest {
    private static Hash sha256(byte[]... parts) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (byte[] p : parts) {
            md.update(p);
        }
        return Hash.of(md.digest());
    }

    @Test
    void keyHashIsTheDocumentedEncoding() throws Exception {
        byte[] key = {9, 8, 7};
        Hash expected = sha256(new byte[] {0x22}, new byte[] {0, 0, 0, 11},
                "publication".getBytes(StandardCharsets.UTF_8), key);
        assertEquals(expected, StateKeys.keyHash("publication", key));
    }

    @Test
    void contractNamesAreLengthPrefixedInUtf8Bytes() throws Exception {
        assertNotEquals(StateKeys.keyHash("ab", "c".getBytes(StandardCharsets.UTF_8)),
                StateKeys.keyHash("a", "bc".getBytes(StandardCharsets.UTF_8)));
        // "é" is two UTF-8 bytes.
        assertEquals(sha256(new byte[] {0x22, 0, 0, 0, 2, (byte) 0xc3, (byte) 0xa9}), StateKeys.keyHash("é", new byte[0]));
        assertEquals(sha256(new byte[] {0x22, 0, 0, 0, 0}), StateKeys.keyHash("", new byte[0]));
        // A surrogate pair is one code point of four UTF-8 bytes.
        assertEquals(sha256(new byte[] {0x22, 0, 0, 0, 4, (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80}),
                StateKeys.keyHash("\uD83D\uDE00", new byte[0]));
    }

    @Test
    void contractNamesThatAreNotValidUnicodeAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> StateKeys.keyHash("a\uD800", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> StateKeys.keyHash("\uDE00a", new byte[0]));
    }

    @Test
    void valueHashIsDomainSeparatedSha256() throws Exception {
        assertEquals(sha256(new byte[] {0x23}, new byte[] {1, 2}), StateKeys.valueHash(new byte[] {1, 2}));
        assertNotEquals(StateKeys.valueHash(new byte[] {1}), StateKeys.keyHash("", new byte[] {1}));
    }
}
