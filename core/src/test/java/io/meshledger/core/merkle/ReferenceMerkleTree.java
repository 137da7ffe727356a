package io.meshledger.core.merkle;

import io.meshledger.core.crypto.Hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A naive Merkle tree written straight from RFC 9162 section 2.1 over an
 * explicit list of leaf hashes: recursive MTH, PATH, PROOF and SUBPROOF on
 * sublists, hashing with its own MessageDigest. Slow on purpose (every call
 * rehashes whole subtrees), so it shares nothing with the code under test.
 */
final class ReferenceMerkleTree {
    private ReferenceMerkleTree() {
    }

    /** MTH(D[n]); the leaves are already leaf hashes, so MTH({d0}) = d0. */
    static Hash mth(List<Hash> d) {
        int n = d.size();
        if (n == 0) {
            return Hash.of(sha256(new byte[0]));
        }
        if (n == 1) {
            return d.get(0);
        }
        int k = k(n);
        return node(mth(d.subList(0, k)), mth(d.subList(k, n)));
    }

    /** PATH(m, D[n]). */
    static List<Hash> path(int m, List<Hash> d) {
        int n = d.size();
        List<Hash> result = new ArrayList<>();
        if (n == 1) {
            return result;
        }
        int k = k(n);
        if (m < k) {
            result.addAll(path(m, d.subList(0, k)));
            result.add(mth(d.subList(k, n)));
        } else {
            result.addAll(path(m - k, d.subList(k, n)));
            result.add(mth(d.subList(0, k)));
        }
        return result;
    }

    /** PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
    static List<Hash> proof(int m, List<Hash> d) {
        return subproof(m, d, true);
    }

    private static List<Hash> subproof(int m, List<Hash> d, boolean b) {
        int n = d.size();
        List<Hash> result = new ArrayList<>();
        if (m == n) {
            if (!b) {
                result.add(mth(d));
            }
            return result;
        }
        int k = k(n);
        if (m <= k) {
            result.addAll(subproof(m, d.subList(0, k), b));
            result.add(mth(d.subList(k, n)));
        } else {
            result.addAll(subproof(m - k, d.subList(k, n), false));
            result.add(mth(d.subList(0, k)));
        }
        return result;
    }

    /** The largest power of two smaller than n (n > 1). */
    private static int k(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    /** HASH(0x01 || left || right). */
    static Hash node(Hash left, Hash right) {
        byte[] input = new byte[1 + 2 * Hash.LENGTH];
        input[0] = 0x01;
        System.arraycopy(left.toArray(), 0, input, 1, Hash.LENGTH);
        System.arraycopy(right.toArray(), 0, input, 1 + Hash.LENGTH, Hash.LENGTH);
        return Hash.of(sha256(input));
    }

    /** HASH(0x00 || data). */
    static Hash leaf(byte[] data) {
        byte[] input = new byte[1 + data.length];
        System.arraycopy(data, 0, input, 1, data.length);
        return Hash.of(sha256(input));
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
