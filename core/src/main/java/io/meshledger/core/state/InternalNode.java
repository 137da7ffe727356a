package io.meshledger.core.state;

import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A node with 16 child slots, one per nibble; {@code children} lists the
 * occupied ones in ascending nibble order. The child in slot {@code n} of the
 * node at path {@code p} is stored at {@code NodeKey(child.version(), p + n)}.
 * <p>
 * Its hash is a binary Merkle tree over the 16 slots (4 levels), hashed by the
 * tree's rules: an empty range is the placeholder, a range whose only child is a
 * leaf takes that leaf's hash. A child is flagged as a leaf so that this works
 * without reading it.
 * <p>
 * Invariants: at least two children, or one internal child (keys sharing a
 * long prefix). A lone leaf child would belong in the parent's slot instead.
 * The one exception is {@link #EMPTY}, the root of an empty tree.
 * <p>
 * Encoding: {@code 0x01 || u16be(occupied) || u16be(leaves) || children}, where
 * bit {@code n} ({@code 1 << n}) of {@code occupied} marks slot {@code n} as
 * occupied, {@code leaves} (a subset) marks the slots holding leaves, and each
 * occupied slot in ascending order contributes {@code u64be(version) || hash}
 * (40 bytes): 5 + 40k bytes for k children.
 */
public record InternalNode(List<Child> children) implements TreeNode {
    /** The root node of an empty tree: no children; hashes to the placeholder. */
    public static final InternalNode EMPTY = new InternalNode(List.of());

    private static final int HEADER_LENGTH = 5;
    private static final int CHILD_LENGTH = Long.BYTES + Hash.LENGTH;

    /** A pointer to the node in slot {@code nibble}, written by {@code version}. */
    public record Child(int nibble, long version, Hash hash, boolean leaf) {
        public Child {
            if (nibble < 0 || nibble > 15) {
                throw new IllegalArgumentException("child nibble must be in [0, 15], got " + nibble);
            }
            if (version < 0) {
                throw new IllegalArgumentException("child version must be >= 0, got " + version);
            }
            Objects.requireNonNull(hash, "hash");
        }
    }

    public InternalNode {
        children = List.copyOf(children);
        for (int i = 1; i < children.size(); i++) {
            if (children.get(i).nibble() <= children.get(i - 1).nibble()) {
                throw new IllegalArgumentException("children must be in strictly ascending nibble order, got "
                        + children.get(i - 1).nibble() + " then " + children.get(i).nibble());
            }
        }
        if (children.size() == 1 && children.get(0).leaf()) {
            throw new IllegalArgumentException("an internal node whose only child is a leaf is not canonical: "
                    + "the leaf belongs in the parent's slot");
        }
    }

    /** The child in slot {@code nibble}, if occupied. */
    public Optional<Child> child(int nibble) {
        for (Child c : children) {
            if (c.nibble() == nibble) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Root of the binary tree over the 16 slots (up to 15 SHA-256 computations). */
    @Override
    public Hash hash() {
        return SlotTree.hash(children);
    }

    @Override
    public byte[] encode() {
        int occupied = 0;
        int leaves = 0;
        for (Child c : children) {
            occupied |= 1 << c.nibble();
            if (c.leaf()) {
                leaves |= 1 << c.nibble();
            }
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + CHILD_LENGTH * children.size())
                .put(INTERNAL_TAG)
                .putShort((short) occupied)
                .putShort((short) leaves);
        for (Child c : children) {
            b.putLong(c.version()).put(c.hash().unsafeArray());
        }
        return b.array();
    }

    static InternalNode decodeTagged(byte[] bytes) {
        if (bytes.length < HEADER_LENGTH) {
            throw new DecodingException("internal node needs at least " + HEADER_LENGTH + " bytes, got "
                    + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        int occupied = b.getShort() & 0xffff;
        int leaves = b.getShort() & 0xffff;
        if ((leaves & ~occupied) != 0) {
            throw new DecodingException(String.format("internal node marks empty slots as leaves: occupied %04x, "
                    + "leaves %04x", occupied, leaves));
        }
        int count = Integer.bitCount(occupied);
        int expected = HEADER_LENGTH + CHILD_LENGTH * count;
        if (bytes.length != expected) {
            throw new DecodingException("internal node with " + count + " children is " + expected + " bytes, got "
                    + bytes.length);
        }
        List<Child> children = new ArrayList<>(count);
        byte[] hash = new byte[Hash.LENGTH];
        try {
            for (int n = 0; n < 16; n++) {
                if ((occupied & 1 << n) != 0) {
                    long version = b.getLong();
                    b.get(hash);
                    children.add(new Child(n, version, Hash.of(hash), (leaves & 1 << n) != 0));
                }
            }
            return new InternalNode(children);
        } catch (IllegalArgumentException e) {
            throw new DecodingException("invalid internal node: " + e.getMessage(), e);
        }
    }
}
