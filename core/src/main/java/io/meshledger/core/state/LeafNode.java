package io.meshledger.core.state;

import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One state entry. Encoding: {@code 0x02 || keyHash || valueHash} (65 bytes).
 * The tree stores only hashes; values themselves live in storage's versioned
 * value column family.
 */
public record LeafNode(Hash keyHash, Hash valueHash) implements TreeNode {
    /** Length of every encoded leaf. */
    public static final int ENCODED_LENGTH = 1 + 2 * Hash.LENGTH;

    public LeafNode {
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(valueHash, "valueHash");
    }

    /** SHA-256(0x20 || keyHash || valueHash). */
    @Override
    public Hash hash() {
        return StateHashes.leaf(keyHash, valueHash);
    }

    @Override
    public byte[] encode() {
        return ByteBuffer.allocate(ENCODED_LENGTH)
                .put(LEAF_TAG)
                .put(keyHash.unsafeArray())
                .put(valueHash.unsafeArray())
                .array();
    }

    static LeafNode decodeTagged(byte[] bytes) {
        if (bytes.length != ENCODED_LENGTH) {
            throw new DecodingException("leaf node is " + ENCODED_LENGTH + " bytes, got " + bytes.length);
        }
        return new LeafNode(Hash.copyOf(bytes, 1), Hash.copyOf(bytes, 1 + Hash.LENGTH));
    }
}
