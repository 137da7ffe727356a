package io.meshledger.node.api;

import io.meshledger.core.block.Block;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.storage.TransactionLocation;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Futures completed when a transaction commits, for {@code SubmitAndWait}.
 * The commit path calls {@link #committed} after each block is durable.
 * Bounded: past the limit new waits fail at once instead of holding memory.
 */
public final class CommitWaiters {
    private final ConcurrentHashMap<Hash, CompletableFuture<TransactionLocation>> waiting = new ConcurrentHashMap<>();
    private final int limit;

    public CommitWaiters(int limit) {
        this.limit = limit;
    }

    /**
     * A future completed with the transaction's location when it commits. The
     * caller must call {@link #cancel} if it stops waiting.
     *
     * @return null when too many callers are waiting already
     */
    public CompletableFuture<TransactionLocation> await(Hash txId) {
        if (waiting.size() >= limit) {
            return null;
        }
        return waiting.computeIfAbsent(txId, id -> new CompletableFuture<>());
    }

    public void cancel(Hash txId, CompletableFuture<TransactionLocation> future) {
        waiting.remove(txId, future);
    }

    /** Called by the commit path once {@code block} is durable; {@code firstIndex} is its first accumulator index. */
    public void committed(Block block, long firstIndex) {
        if (waiting.isEmpty()) {
            return;
        }
        List<SignedTransaction> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
            CompletableFuture<TransactionLocation> f = waiting.remove(txs.get(i).id());
            if (f != null) {
                f.complete(new TransactionLocation(block.height(), i, firstIndex + i));
            }
        }
    }

    public int size() {
        return waiting.size();
    }
}
