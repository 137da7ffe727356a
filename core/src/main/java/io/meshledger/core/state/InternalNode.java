package io.meshledger.core.state;

import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;

import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>
 * Held as two arrays rather than a list of {@link Child} records, which for 16
 * children was about eighty objects to build on every update and to keep in the
 * cache of the top levels. Records are built only on demand.
 */
public final class InternalNode implements TreeNode {
    /** The root node of an empty tree: no children; hashes to the placeholder. */
    public static final InternalNode EMPTY = new InternalNode(List.of());

    private static final int HEADER_LENGTH = 5;

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

    /** Bit n: slot n is occupied. */
    private final int occupied;
    /** Bit n: slot n holds a leaf. */
    private final int leaves;
    /** The occupied slots' versions, in ascending nibble order. */
    private final long[] versions;
    /** The occupied slots' hashes, {@link Hash#LENGTH} bytes each, in ascending nibble order. */
    private final byte[] hashes;
    /**
     * Hashes of this node's slot ranges, kept by {@link #hashKeeping} so that the
     * next version of the node rehashes only the ranges whose slots changed.
     * Written once; a racing reader at worst computes them again.
     */
    private SlotHashes kept;

    public InternalNode(List<Child> children) {
        int occ = 0;
        int leafSlots = 0;
        long[] vs = new long[children.size()];
        byte[] hs = new byte[children.size() * Hash.LENGTH];
        for (int i = 0; i < children.size(); i++) {
            Child c = Objects.requireNonNull(children.get(i), "child");
            if (i > 0 && c.nibble() <= children.get(i - 1).nibble()) {
                throw new IllegalArgumentException("children must be in strictly ascending nibble order, got "
                        + children.get(i - 1).nibble() + " then " + c.nibble());
            }
            occ |= 1 << c.nibble();
            if (c.leaf()) {
                leafSlots |= 1 << c.nibble();
            }
            vs[i] = c.version();
            System.arraycopy(c.hash().unsafeArray(), 0, hs, i * Hash.LENGTH, Hash.LENGTH);
        }
        this.occupied = occ;
        this.leaves = leafSlots;
        this.versions = vs;
        this.hashes = hs;
        requireCanonical();
    }

    /**
     * Builds a node slot by slot, in ascending nibble order, copying kept
     * children straight from the node they come from: an update rewrites a node
     * of up to 16 children where one or two changed. Reusable after {@link #reset}.
     */
    static final class Builder {
        private final long[] versions = new long[16];
        private final byte[] hashes = new byte[16 * Hash.LENGTH];
        private int occupied;
        private int leaves;
        private int count;

        /** Empties the builder for the next node. */
        Builder reset() {
            occupied = 0;
            leaves = 0;
            count = 0;
            return this;
        }

        /** Sets slot {@code nibble}, above every slot set so far. */
        Builder add(int nibble, long version, Hash hash, boolean leaf) {
            place(nibble, version, leaf);
            System.arraycopy(hash.unsafeArray(), 0, hashes, count++ * Hash.LENGTH, Hash.LENGTH);
            return this;
        }

        /** Sets slot {@code nibble}, above every slot set so far, to the hash at {@code hash[offset..offset+32)}. */
        Builder add(int nibble, long version, byte[] hash, int offset, boolean leaf) {
            place(nibble, version, leaf);
            System.arraycopy(hash, offset, hashes, count++ * Hash.LENGTH, Hash.LENGTH);
            return this;
        }

        /** Sets slot {@code nibble} to what it holds in {@code from}, where it is occupied. */
        Builder copy(InternalNode from, int nibble) {
            int at = from.indexOf(nibble);
            place(nibble, from.versions[at], (from.leaves & 1 << nibble) != 0);
            System.arraycopy(from.hashes, at * Hash.LENGTH, hashes, count++ * Hash.LENGTH, Hash.LENGTH);
            return this;
        }

        private void place(int nibble, long version, boolean leaf) {
            if (nibble < 0 || nibble > 15 || occupied >>> nibble != 0) {
                throw new IllegalArgumentException("slot " + nibble + " is out of order or range");
            }
            if (version < 0) {
                throw new IllegalArgumentException("child version must be >= 0, got " + version);
            }
            occupied |= 1 << nibble;
            if (leaf) {
                leaves |= 1 << nibble;
            }
            versions[count] = version;
        }

        InternalNode build() {
            return new InternalNode(occupied, leaves, Arrays.copyOf(versions, count),
                    Arrays.copyOf(hashes, count * Hash.LENGTH));
        }
    }

    /** From arrays this node takes over; {@code versions} are valid and match {@code occupied}. */
    private InternalNode(int occupied, int leaves, long[] versions, byte[] hashes) {
        this.occupied = occupied;
        this.leaves = leaves;
        this.versions = versions;
        this.hashes = hashes;
        requireCanonical();
    }

    private void requireCanonical() {
        if (versions.length == 1 && leaves != 0) {
            throw new IllegalArgumentException("an internal node whose only child is a leaf is not canonical: "
                    + "the leaf belongs in the parent's slot");
        }
    }

    /** The occupied slots, in ascending nibble order (built on each call). */
    public List<Child> children() {
        List<Child> out = new ArrayList<>(versions.length);
        int i = 0;
        for (int bits = occupied; bits != 0; bits &= bits - 1) {
            out.add(childAt(i++, Integer.numberOfTrailingZeros(bits)));
        }
        return out;
    }

    /** How many slots are occupied. */
    public int childCount() {
        return versions.length;
    }

    /** The child in slot {@code nibble}, if occupied. */
    public Optional<Child> child(int nibble) {
        if (nibble < 0 || nibble > 15 || (occupied & 1 << nibble) == 0) {
            return Optional.empty();
        }
        return Optional.of(childAt(indexOf(nibble), nibble));
    }

    private Child childAt(int index, int nibble) {
        return new Child(nibble, versions[index], Hash.copyOf(hashes, index * Hash.LENGTH),
                (leaves & 1 << nibble) != 0);
    }

    /** The hash in occupied slot {@code nibble}. */
    Hash slotHash(int nibble) {
        return Hash.copyOf(hashes, indexOf(nibble) * Hash.LENGTH);
    }

    /** The version of occupied slot {@code nibble}. */
    long slotVersion(int nibble) {
        return versions[indexOf(nibble)];
    }

    /** Copies the hash in occupied slot {@code nibble} to {@code out[at..at+32)}. */
    void copySlotHash(int nibble, byte[] out, int at) {
        System.arraycopy(hashes, indexOf(nibble) * Hash.LENGTH, out, at, Hash.LENGTH);
    }

    /** Whether occupied slots {@code nibble} of this node and of {@code other} hold the same hash. */
    boolean sameSlotHash(int nibble, InternalNode other) {
        int at = indexOf(nibble) * Hash.LENGTH;
        int otherAt = other.indexOf(nibble) * Hash.LENGTH;
        return Arrays.equals(hashes, at, at + Hash.LENGTH, other.hashes, otherAt, otherAt + Hash.LENGTH);
    }

    /** Whether occupied slot {@code nibble} holds a leaf. */
    boolean slotIsLeaf(int nibble) {
        return (leaves & 1 << nibble) != 0;
    }

    /** Position of occupied slot {@code nibble} among the occupied ones. */
    private int indexOf(int nibble) {
        return Integer.bitCount(occupied & (1 << nibble) - 1);
    }

    /** Root of the binary tree over the 16 slots (up to 15 SHA-256 computations, unless kept). */
    @Override
    public Hash hash() {
        SlotHashes k = kept;
        return k != null ? k.root() : SlotTree.hash(children());
    }

    /**
     * This node's hash, keeping its slot-range hashes for the node that will
     * replace it. If {@code previous} (the node this one replaces at the same
     * path) kept its own, only the ranges holding changed slots are rehashed:
     * 4 SHA-256 computations for one changed slot instead of up to 15. Worth it
     * for the upper levels, which every block rewrites; the memory (about 500
     * bytes a node) is not worth it for the lower ones.
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
        for (int common = occupied & other.occupied; common != 0; common &= common - 1) {
            int n = Integer.numberOfTrailingZeros(common);
            int at = indexOf(n) * Hash.LENGTH;
            int otherAt = other.indexOf(n) * Hash.LENGTH;
            if (!Arrays.equals(hashes, at, at + Hash.LENGTH, other.hashes, otherAt, otherAt + Hash.LENGTH)) {
                changed |= 1 << n;
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
        return o instanceof InternalNode other && occupied == other.occupied && leaves == other.leaves
                && Arrays.equals(versions, other.versions) && Arrays.equals(hashes, other.hashes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * occupied + leaves) + Arrays.hashCode(hashes);
    }

    @Override
    public String toString() {
        return "InternalNode[children=" + children() + "]";
    }

    /** Length of {@link #encode()}. */
    int encodedLength() {
        int length = HEADER_LENGTH;
        for (long v : versions) {
            length += Uvarint.length(v) + Hash.LENGTH;
        }
        return length;
    }

    @Override
    public byte[] encode() {
        byte[] out = new byte[encodedLength()];
        out[0] = INTERNAL_TAG;
        out[1] = (byte) (occupied >>> 8);
        out[2] = (byte) occupied;
        out[3] = (byte) (leaves >>> 8);
        out[4] = (byte) leaves;
        int at = HEADER_LENGTH;
        for (int i = 0; i < versions.length; i++) {
            at = Uvarint.write(out, at, versions[i]);
            System.arraycopy(hashes, i * Hash.LENGTH, out, at, Hash.LENGTH);
            at += Hash.LENGTH;
        }
        return out;
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
        int count = Integer.bitCount(occupied);
        long[] versions = new long[count];
        byte[] hashes = new byte[count * Hash.LENGTH];
        int at = HEADER_LENGTH;
        int i = 0;
        long[] version = new long[1];
        for (int bits = occupied; bits != 0; bits &= bits - 1) {
            int n = Integer.numberOfTrailingZeros(bits);
            at = Uvarint.read(bytes, at, version, "internal node", "the version of slot " + n);
            if (at + Hash.LENGTH > bytes.length) {
                throw new DecodingException("internal node ends inside the hash of slot " + n);
            }
            versions[i] = version[0];
            System.arraycopy(bytes, at, hashes, i * Hash.LENGTH, Hash.LENGTH);
            i++;
            at += Hash.LENGTH;
        }
        if (at != bytes.length) {
            throw new DecodingException("internal node with " + count + " children has "
                    + (bytes.length - at) + " bytes left over");
        }
        try {
            return new InternalNode(occupied, leaves, versions, hashes);
        } catch (IllegalArgumentException e) {
            throw new DecodingException("invalid internal node: " + e.getMessage(), e);
        }
    }
}
