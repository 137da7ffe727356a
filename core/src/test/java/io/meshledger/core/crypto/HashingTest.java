package io.meshledger.core.crypto;

import io.meshledger.core.testing.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HashingTest {

    /** Reference SHA-256 straight from the JDK, fed byte by byte as the spec describes. */
    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void plainSha256MatchesTheFipsKnownAnswerForAbc() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Hashing.sha256("abc".getBytes(StandardCharsets.US_ASCII)).toHex());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Hashing.sha256(new byte[0]).toHex());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 55, 56, 64, 1000, 100_000})
    void plainSha256MatchesAnIndependentMessageDigest(int length) {
        byte[] data = Seeded.bytes(new Random(length), length);
        assertArrayEquals(sha256(data), Hashing.sha256(data).toArray());
    }

    @ParameterizedTest
    @EnumSource(HashDomain.class)
    void domainHashIsSha256OfThePrefixByteFollowedByTheData(HashDomain domain) {
        byte[] data = "the same bytes".getBytes(StandardCharsets.UTF_8);
        byte[] expected = sha256(new byte[] {domain.prefix()}, data);
        assertArrayEquals(expected, Hashing.hash(domain, data).toArray());
        assertArrayEquals(expected, Hashing.hash(domain, new byte[][] {data}).toArray());
    }

    @Test
    void theSameBytesHashedInDifferentDomainsGiveDifferentHashes() {
        byte[] data = Seeded.bytes(new Random(7), 64);
        Set<Hash> seen = new HashSet<>();
        for (HashDomain d : HashDomain.values()) {
            seen.add(Hashing.hash(d, data));
        }
        seen.add(Hashing.sha256(data));
        assertEquals(HashDomain.values().length + 1, seen.size(), "every domain, and no domain, must give its own hash");
    }

    @Test
    void everyDomainHasItsOwnPrefixByte() {
        Set<Byte> prefixes = new HashSet<>();
        for (HashDomain d : HashDomain.values()) {
            prefixes.add(d.prefix());
        }
        assertEquals(HashDomain.values().length, prefixes.size());
    }

    @Test
    void leafAndNodePrefixesFollowRfc9162() {
        assertEquals(0x00, HashDomain.LEAF.prefix());
        assertEquals(0x01, HashDomain.NODE.prefix());
    }

    @Test
    void nodeHashOfTwoChildrenIsSha256OfOneThenLeftThenRight() {
        Hash left = Hashing.sha256("left".getBytes(StandardCharsets.UTF_8));
        Hash right = Hashing.sha256("right".getBytes(StandardCharsets.UTF_8));
        byte[] expected = sha256(new byte[] {0x01}, left.toArray(), right.toArray());
        assertArrayEquals(expected, Hashing.hash(HashDomain.NODE, left, right).toArray());
        assertNotEquals(Hashing.hash(HashDomain.NODE, left, right), Hashing.hash(HashDomain.NODE, right, left),
                "children are ordered");
    }

    @Test
    void multiPartHashEqualsTheHashOfTheConcatenation() {
        byte[] a = Seeded.bytes(new Random(1), 10);
        byte[] b = Seeded.bytes(new Random(2), 33);
        byte[] ab = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, ab, a.length, b.length);
        assertEquals(Hashing.hash(HashDomain.VOTE, ab), Hashing.hash(HashDomain.VOTE, a, b));
    }

    @Test
    void hashIsExactlyThirtyTwoBytesAndCopiesItsInput() {
        byte[] raw = sha256("x".getBytes(StandardCharsets.UTF_8));
        Hash h = Hash.of(raw);
        raw[0] ^= 1;
        assertNotEquals(raw[0], h.toArray()[0], "later changes to the source array must not leak in");
        assertThrows(IllegalArgumentException.class, () -> Hash.of(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Hash.of(new byte[33]));
        assertEquals(h, Hash.fromHex(h.toHex()));
    }
}
