package io.meshledger.core.state;

import io.meshledger.core.crypto.Hash;

/**
 * The hashes of the 15 slot ranges of one {@link InternalNode}, by heap index:
 * 1 is all 16 slots, range {@code i} splits into {@code 2i} and {@code 2i + 1},
 * and 8..15 are slot pairs. The hashing rules are {@link SlotTree}'s; an entry is
 * null where the rules decided a range without hashing its halves.
 */
record SlotHashes(Hash[] ranges) {
    private static final int SLOTS = 16;

    Hash root() {
        return ranges[1];
    }

    /**
     * The range hashes of {@code node}, reusing those of {@code previousOrNull}
     * (which must have kept its own) for every range none of whose slots changed.
     */
    static SlotHashes of(InternalNode node, InternalNode previousOrNull) {
        Hash[] slots = new Hash[SLOTS];
        for (InternalNode.Child c : node.children()) {
            slots[c.nibble()] = c.hash();
        }
        Hash[] previous = previousOrNull == null ? null : previousOrNull.kept().ranges();
        int changed = previousOrNull == null ? 0xffff : node.changedSlots(previousOrNull);
        Hash[] out = new Hash[SLOTS];
        new Builder(slots, node.occupied(), node.leaves(), changed, previous, out).range(1);
        return new SlotHashes(out);
    }

    private record Builder(Hash[] slots, int occupied, int leaves, int changed, Hash[] previous, Hash[] out) {
        Hash range(int index) {
            int depth = 31 - Integer.numberOfLeadingZeros(index);
            int size = SLOTS >>> depth;
            int lo = (index - (1 << depth)) * size;
            if (size == 1) {
                return slots[lo] == null ? StateHashes.PLACEHOLDER : slots[lo];
            }
            int mask = ((1 << size) - 1) << lo;
            if (previous != null && (changed & mask) == 0 && previous[index] != null) {
                copy(index);
                return out[index];
            }
            int inRange = occupied & mask;
            Hash hash;
            if (inRange == 0) {
                hash = StateHashes.PLACEHOLDER;
            } else if (Integer.bitCount(inRange) == 1 && (leaves & inRange) != 0) {
                hash = slots[Integer.numberOfTrailingZeros(inRange)];
            } else {
                hash = StateHashes.node(range(2 * index), range(2 * index + 1));
            }
            out[index] = hash;
            return hash;
        }

        /** Takes range {@code index} and the ranges inside it from the previous node. */
        private void copy(int index) {
            if (index < SLOTS) {
                out[index] = previous[index];
                copy(2 * index);
                copy(2 * index + 1);
            }
        }
    }
}
