package io.meshledger.node.execution;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.Hash;
import io.meshledger.node.storage.TreeNodeWrite;

import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/** The authenticated structure over contract state: one root per height. */
interface StateCommitment {

    /**
     * Applies a block's net writes (present: new value; empty: deleted) to the
     * tree as of {@code height - 1}, giving the root at {@code height} and the
     * nodes to store with the block. Writes nothing itself.
     */
    Committed apply(long height, NavigableMap<SlotKey, Optional<Bytes>> changes);

    record Committed(Hash root, List<TreeNodeWrite> nodes) {
        public Committed {
            nodes = List.copyOf(nodes);
        }
    }
}
