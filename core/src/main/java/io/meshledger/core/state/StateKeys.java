package io.meshledger.core.state;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.HashDomain;
import io.meshledger.core.crypto.Hashing;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How state keys and values become the 32-byte hashes the tree works on. Auditors'
 * verifiers re-implement these two functions exactly as written here.
 */
public final class StateKeys {
    private StateKeys() {
    }

    /**
     * The tree key of {@code key} in {@code contract}'s namespace:
     * <pre>SHA-256(0x22 || u32be(len(c)) || c || key)</pre>
     * where {@code c} is the UTF-8 encoding of {@code contract}, {@code len(c)}
     * its length in bytes as a 4-byte big-endian unsigned integer, and
     * {@code key} the raw key bytes (not length-prefixed: it is last). The length
     * prefix keeps {@code ("ab", "c")} and {@code ("a", "bc")} apart.
     *
     * @throws IllegalArgumentException if {@code contract} is not well-formed
     *         UTF-16 (an unpaired surrogate), which would otherwise encode to
     *         the same bytes as another name
     */
    public static Hash keyHash(String contract, byte[] key) {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(key, "key");
        byte[] name = utf8(contract);
        byte[] length = ByteBuffer.allocate(Integer.BYTES).putInt(name.length).array();
        return Hashing.hash(HashDomain.STATE_KEY, length, name, key);
    }

    /** The hash a leaf commits to for {@code value}: {@code SHA-256(0x23 || value)}. */
    public static Hash valueHash(byte[] value) {
        return Hashing.hash(HashDomain.STATE_VALUE, Objects.requireNonNull(value, "value"));
    }

    private static byte[] utf8(String s) {
        if (!hasSurrogates(s)) {
            // Without surrogates every string is well-formed, and the JDK's encoder gives the same bytes without
            // building a strict encoder per call; names with surrogates take the strict path below.
            return s.getBytes(StandardCharsets.UTF_8);
        }
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("contract name is not well-formed UTF-16: " + e.getMessage(), e);
        }
    }

    private static boolean hasSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
