package io.meshledger.core.state;

import io.meshledger.core.crypto.Hash;

/**
 * The hashes of the 15 slot ranges of one {@link InternalNode}, by heap index:
 * 1 is all 16 slots, range {@code i} splits into {@code 2i} and {@code 2i + 1},
 * and 8..15 are slot pairs. The hashing rules are {@link SlotTree}'s; a range is
 * absent where the rules decided it without hashing its halves.
 * <p>
 * Packed into one array instead of up to 15 {@link Hash} objects: the nodes
 * that keep them are the top levels, which stay cached.
 */
final class SlotHashes {
    private static final int SLOTS = 16;

    /** Range {@code i} at offset {@code i * Hash.LENGTH}, if bit {@code i} of {@link #present} is set. */
    private final byte[] packed;
    private final int present;
    private final Hash root;

    private SlotHashes(byte[] packed, int present, Hash root) {
        this.packed = packed;
        this.present = present;
        this.root = root;
    }

    Hash root() {
        return root;
    }

    private boolean has(int index) {
        return (present & 1 << index) != 0;
    }

    /**
     * The range hashes of {@code node}, reusing those of {@code previousOrNull}
     * (which must have kept its own) for every range none of whose slots changed.
     */
    static SlotHashes of(InternalNode node, InternalNode previousOrNull) {
        SlotHashes previous = previousOrNull == null ? null : previousOrNull.kept();
        int changed = previousOrNull == null ? 0xffff : node.changedSlots(previousOrNull);
        Builder builder = new Builder(node, changed, previous);
        Hash root = builder.range(1);
        return new SlotHashes(builder.out, builder.outPresent, root);
    }

    /** Reads a slot's hash only where a range holding it is rehashed: with kept ranges, a few of the 16. */
    private static final class Builder {
        private final InternalNode node;
        private final int occupied;
        private final int leaves;
        private final int changed;
        private final SlotHashes previous;
        private final byte[] out = new byte[SLOTS * Hash.LENGTH];
        private int outPresent;

        Builder(InternalNode node, int changed, SlotHashes previous) {
            this.node = node;
            this.occupied = node.occupied();
            this.leaves = node.leaves();
            this.changed = changed;
            this.previous = previous;
        }

        private Hash slot(int nibble) {
            return (occupied & 1 << nibble) == 0 ? StateHashes.PLACEHOLDER : node.slotHash(nibble);
        }

        Hash range(int index) {
            int depth = 31 - Integer.numberOfLeadingZeros(index);
            int size = SLOTS >>> depth;
            int lo = (index - (1 << depth)) * size;
            if (size == 1) {
                return slot(lo);
            }
            int mask = ((1 << size) - 1) << lo;
            if (previous != null && (changed & mask) == 0 && previous.has(index)) {
                copy(index);
                return Hash.copyOf(out, index * Hash.LENGTH);
            }
            int inRange = occupied & mask;
            Hash hash;
            if (inRange == 0) {
                hash = StateHashes.PLACEHOLDER;
            } else if (Integer.bitCount(inRange) == 1 && (leaves & inRange) != 0) {
                hash = slot(Integer.numberOfTrailingZeros(inRange));
            } else {
                hash = StateHashes.node(range(2 * index), range(2 * index + 1));
            }
            System.arraycopy(hash.unsafeArray(), 0, out, index * Hash.LENGTH, Hash.LENGTH);
            outPresent |= 1 << index;
            return hash;
        }

        /** Takes range {@code index} and the ranges inside it from the previous node. */
        private void copy(int index) {
            if (index < SLOTS) {
                if (previous.has(index)) {
                    System.arraycopy(previous.packed, index * Hash.LENGTH, out, index * Hash.LENGTH, Hash.LENGTH);
                    outPresent |= 1 << index;
                }
                copy(2 * index);
                copy(2 * index + 1);
            }
        }
    }
}
