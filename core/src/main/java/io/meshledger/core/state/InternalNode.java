package io.meshledger.core.state;

import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;

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
 * occupied slot in ascending order contributes {@code uvarint(version) || hash}.
 * The version is an unsigned LEB128 varint, minimal (no trailing zero groups):
 * heights fit 3 bytes for the first two million blocks, where a fixed 8 bytes
 * made the top levels, which every block rewrites, an eighth larger.
 */
public final class InternalNode implements TreeNode {
    /** The root node of an empty tree: no children; hashes to the placeholder. */
    public static final InternalNode EMPTY = new InternalNode(List.of());

    private static final int HEADER_LENGTH = 5;
    /** A non-negative long takes at most 9 groups of 7 bits. */
    private static final int MAX_VARINT_LENGTH = 9;

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

    private final List<Child> children;
    /** Bit n: slot n is occupied. */
    private final int occupied;
    /** Bit n: slot n holds a leaf. */
    private final int leaves;
    /**
     * Hashes of this node's slot ranges, kept by {@link #hashKeeping} so that the
     * next version of the node rehashes only the ranges whose slots changed.
     * Written once; a racing reader at worst computes them again.
     */
    private SlotHashes kept;

    public InternalNode(List<Child> children) {
        this.children = List.copyOf(children);
        int occ = 0;
        int leafSlots = 0;
        for (int i = 0; i < this.children.size(); i++) {
            Child c = this.children.get(i);
            if (i > 0 && c.nibble() <= this.children.get(i - 1).nibble()) {
                throw new IllegalArgumentException("children must be in strictly ascending nibble order, got "
                        + this.children.get(i - 1).nibble() + " then " + c.nibble());
            }
            occ |= 1 << c.nibble();
            if (c.leaf()) {
                leafSlots |= 1 << c.nibble();
            }
        }
        if (this.children.size() == 1 && this.children.get(0).leaf()) {
            throw new IllegalArgumentException("an internal node whose only child is a leaf is not canonical: "
                    + "the leaf belongs in the parent's slot");
        }
        this.occupied = occ;
        this.leaves = leafSlots;
    }

    /** The occupied slots, in ascending nibble order. */
    public List<Child> children() {
        return children;
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

    /** Root of the binary tree over the 16 slots (up to 15 SHA-256 computations, unless kept). */
    @Override
    public Hash hash() {
        SlotHashes k = kept;
        return k != null ? k.root() : SlotTree.hash(children);
    }

    /**
     * This node's hash, keeping its slot-range hashes for the node that will
     * replace it. If {@code previous} (the node this one replaces at the same
     * path) kept its own, only the ranges holding changed slots are rehashed:
     * 4 SHA-256 computations for one changed slot instead of up to 15. Worth it
     * for the upper levels, which every block rewrites; the memory (about 1 KB
     * a node) is not worth it for the lower ones.
     */
    public Hash hashKeeping(InternalNode previous) {
        SlotHashes k = kept;
        if (k == null) {
            k = SlotHashes.of(this, previous == null ? null : previous.kept == null ? null : previous);
            kept = k;
        }
        return k.root();
    }

    /** Whether this node keeps its slot-range hashes: it was hashed with {@link #hashKeeping}. */
    public boolean keepsSlotHashes() {
        return kept != null;
    }

    /** The slots whose occupant (presence, leaf flag or hash) differs from {@code other}'s. */
    int changedSlots(InternalNode other) {
        int changed = (occupied ^ other.occupied) | (leaves ^ other.leaves);
        int common = occupied & other.occupied;
        int j = 0;
        for (Child c : children) {
            if ((common & 1 << c.nibble()) == 0) {
                continue;
            }
            while (other.children.get(j).nibble() < c.nibble()) {
                j++;
            }
            if (!other.children.get(j).hash().equals(c.hash())) {
                changed |= 1 << c.nibble();
            }
        }
        return changed;
    }

    int occupied() {
        return occupied;
    }

    int leaves() {
        return leaves;
    }

    SlotHashes kept() {
        return kept;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InternalNode other && children.equals(other.children);
    }

    @Override
    public int hashCode() {
        return children.hashCode();
    }

    @Override
    public String toString() {
        return "InternalNode[children=" + children + "]";
    }

    @Override
    public byte[] encode() {
        int length = HEADER_LENGTH;
        for (Child c : children) {
            length += varintLength(c.version()) + Hash.LENGTH;
        }
        byte[] out = new byte[length];
        out[0] = INTERNAL_TAG;
        out[1] = (byte) (occupied >>> 8);
        out[2] = (byte) occupied;
        out[3] = (byte) (leaves >>> 8);
        out[4] = (byte) leaves;
        int at = HEADER_LENGTH;
        for (Child c : children) {
            long v = c.version();
            while ((v & ~0x7fL) != 0) {
                out[at++] = (byte) (v & 0x7f | 0x80);
                v >>>= 7;
            }
            out[at++] = (byte) v;
            System.arraycopy(c.hash().unsafeArray(), 0, out, at, Hash.LENGTH);
            at += Hash.LENGTH;
        }
        return out;
    }

    private static int varintLength(long v) {
        return Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7);
    }

    static InternalNode decodeTagged(byte[] bytes) {
        if (bytes.length < HEADER_LENGTH) {
            throw new DecodingException("internal node needs at least " + HEADER_LENGTH + " bytes, got "
                    + bytes.length);
        }
        int occupied = (bytes[1] & 0xff) << 8 | bytes[2] & 0xff;
        int leaves = (bytes[3] & 0xff) << 8 | bytes[4] & 0xff;
        if ((leaves & ~occupied) != 0) {
            throw new DecodingException(String.format("internal node marks empty slots as leaves: occupied %04x, "
                    + "leaves %04x", occupied, leaves));
        }
        List<Child> children = new ArrayList<>(Integer.bitCount(occupied));
        int at = HEADER_LENGTH;
        // Nine groups carry at most 63 bits, so every version decoded here is a valid (non-negative) one.
        for (int n = 0; n < 16; n++) {
            if ((occupied & 1 << n) == 0) {
                continue;
            }
            long version = 0;
            int groups = 0;
            byte b;
            do {
                if (at >= bytes.length) {
                    throw new DecodingException("internal node ends inside the version of slot " + n);
                }
                if (groups == MAX_VARINT_LENGTH) {
                    throw new DecodingException("the version of slot " + n + " is longer than "
                            + MAX_VARINT_LENGTH + " bytes");
                }
                b = bytes[at++];
                version |= (long) (b & 0x7f) << 7 * groups++;
            } while (b < 0);
            if (groups > 1 && b == 0) {
                throw new DecodingException("the version of slot " + n + " is not minimally encoded");
            }
            if (at + Hash.LENGTH > bytes.length) {
                throw new DecodingException("internal node ends inside the hash of slot " + n);
            }
            children.add(new Child(n, version, Hash.copyOf(bytes, at),
                    (leaves & 1 << n) != 0));
            at += Hash.LENGTH;
        }
        if (at != bytes.length) {
            throw new DecodingException("internal node with " + children.size() + " children has "
                    + (bytes.length - at) + " bytes left over");
        }
        try {
            return new InternalNode(children);
        } catch (IllegalArgumentException e) {
            throw new DecodingException("invalid internal node: " + e.getMessage(), e);
        }
    }
}
