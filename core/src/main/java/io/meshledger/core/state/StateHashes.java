package io.meshledger.core.state;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.HashDomain;
import io.meshledger.core.crypto.Hashing;

/** The three hashing rules of the binary tree (see the package documentation). */
final class StateHashes {
    /** Hash of an empty subtree, and so the root of the empty tree: 32 zero bytes. */
    static final Hash PLACEHOLDER = Hash.ZERO;

    private StateHashes() {
    }

    /** SHA-256(0x20 || keyHash || valueHash). */
    static Hash leaf(Hash keyHash, Hash valueHash) {
        return Hashing.hash(HashDomain.STATE_LEAF, keyHash, valueHash);
    }

    /** SHA-256(0x21 || left || right). */
    static Hash node(Hash left, Hash right) {
        return Hashing.hash(HashDomain.STATE_NODE, left, right);
    }

    /** Bit {@code index} of {@code hash}, most significant bit of byte 0 first. */
    static int bit(Hash hash, int index) {
        return (hash.unsafeArray()[index >>> 3] >>> (7 - (index & 7))) & 1;
    }

    /** How many leading bits {@code a} and {@code b} share (256 if equal). */
    static int commonPrefixBits(Hash a, Hash b) {
        byte[] x = a.unsafeArray();
        byte[] y = b.unsafeArray();
        for (int i = 0; i < Hash.LENGTH; i++) {
            int diff = (x[i] ^ y[i]) & 0xff;
            if (diff != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(diff) - 24;
            }
        }
        return Hash.LENGTH * 8;
    }
}
