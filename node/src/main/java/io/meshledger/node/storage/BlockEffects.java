package io.meshledger.node.storage;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.receipt.Receipt;

import java.util.List;
import java.util.Objects;

/**
 * What executing a block did, stored in the same atomic write as the block, so
 * a crash never leaves a block without its state or state without its block.
 *
 * @param receipts  one per transaction, in block order
 * @param writes    state writes of the successful transactions, in execution order
 * @param treeNodes the state tree's new nodes for this height
 * @param stateRoot the state tree's root after the block
 */
public record BlockEffects(List<Receipt> receipts, List<StateWrite> writes, List<TreeNodeWrite> treeNodes,
                           Hash stateRoot) {
    public BlockEffects {
        receipts = List.copyOf(receipts);
        writes = List.copyOf(writes);
        treeNodes = List.copyOf(treeNodes);
        Objects.requireNonNull(stateRoot, "stateRoot");
    }
}
