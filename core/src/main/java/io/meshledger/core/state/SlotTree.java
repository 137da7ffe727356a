package io.meshledger.core.state;

import io.meshledger.core.crypto.Hash;

import java.util.List;

/**
 * The binary tree inside one {@link InternalNode}: four levels over the 16 slots,
 * slot {@code n} reached by the bits of {@code n}, high bit first (the same bits
 * of the key hash the binary tree uses at those depths).
 */
final class SlotTree {
    private SlotTree() {
    }

    /** Where a walk toward one slot stops. */
    sealed interface Descent {
        /** The range holding the slot is empty: the key is absent. */
        record Empty() implements Descent {
        }

        /** The range holding the slot has one child and it is a leaf (maybe for another key). */
        record AtLeaf(InternalNode.Child child) implements Descent {
        }

        /** The slot holds an internal node: continue in it. */
        record AtInternal(InternalNode.Child child) implements Descent {
        }
    }

    static Hash hash(List<InternalNode.Child> children) {
        return range(children, 0, children.size(), 0, 16);
    }

    /**
     * Walks from the node's top toward slot {@code nibble}, adding the hash of
     * each sibling range passed to {@code siblingsTopDown} (at most 4).
     */
    static Descent descend(List<InternalNode.Child> children, int nibble, List<Hash> siblingsTopDown) {
        int from = 0;
        int to = children.size();
        int lo = 0;
        int hi = 16;
        while (true) {
            if (from == to) {
                return new Descent.Empty();
            }
            if (to - from == 1 && children.get(from).leaf()) {
                return new Descent.AtLeaf(children.get(from));
            }
            if (hi - lo == 1) {
                return new Descent.AtInternal(children.get(from));
            }
            int mid = (lo + hi) >>> 1;
            int split = split(children, from, to, mid);
            if (nibble < mid) {
                siblingsTopDown.add(range(children, split, to, mid, hi));
                to = split;
                hi = mid;
            } else {
                siblingsTopDown.add(range(children, from, split, lo, mid));
                from = split;
                lo = mid;
            }
        }
    }

    /** Hash of slots [lo, hi), whose children are {@code children[from, to)}. */
    private static Hash range(List<InternalNode.Child> children, int from, int to, int lo, int hi) {
        if (from == to) {
            return StateHashes.PLACEHOLDER;
        }
        if (to - from == 1 && (children.get(from).leaf() || hi - lo == 1)) {
            return children.get(from).hash();
        }
        int mid = (lo + hi) >>> 1;
        int split = split(children, from, to, mid);
        return StateHashes.node(range(children, from, split, lo, mid), range(children, split, to, mid, hi));
    }

    /** First index in [from, to) whose nibble is >= mid, or {@code to}. */
    private static int split(List<InternalNode.Child> children, int from, int to, int mid) {
        int i = from;
        while (i < to && children.get(i).nibble() < mid) {
            i++;
        }
        return i;
    }
}
