package io.meshledger.node.commit;

import io.meshledger.core.block.Block;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.node.api.CommitFeed;
import io.meshledger.node.api.CommitWaiters;
import io.meshledger.node.certification.LedgerCertifier;
import io.meshledger.node.consensus.QuorumCertificate;
import io.meshledger.node.driver.CommitSink;
import io.meshledger.node.execution.BlockExecutor;
import io.meshledger.node.mempool.Mempool;
import io.meshledger.node.storage.BlockEffects;
import io.meshledger.node.storage.ConsensusStateStore;
import io.meshledger.node.storage.LedgerStore;
import io.meshledger.node.storage.Tip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What happens when consensus commits blocks, on the ledger's single writer
 * thread: each block is executed, then appended to the store together with its
 * receipts and state (one fsynced write, the last one of a commit together with
 * its commit proof), its transactions leave the mempool, waiting clients are
 * answered, stream subscribers are woken, and the executed state is certified. A block
 * the store already holds (block sync got there first) is skipped if it is the
 * same block; a different block at a committed height would be a fork, and
 * stops the node.
 */
public final class CommitPipeline implements CommitSink {
    private static final Logger log = LoggerFactory.getLogger(CommitPipeline.class);
    /** Commit progress goes to the log at most this often: an operator wants a pulse, not a line per block. */
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long EVICT_EVERY_BLOCKS = 32;

    private final LedgerStore store;
    private final BlockExecutor executor;
    private final ConsensusStateStore consensus;
    private final Mempool mempool;
    private final CommitWaiters waiters;
    private final CommitFeed feed;
    private final LedgerCertifier certifier;
    private final Function<QuorumCertificate, byte[]> proofEncoder;
    private final CommitObserver observer;
    private volatile boolean stopping;
    private long lastEvictionEpoch = -1;
    /** Writer thread only: the last progress line, and what was stored since. */
    private long progressSinceNanos = System.nanoTime();
    private long progressFromHeight = -1;
    private long progressFromTxCount;

    public CommitPipeline(LedgerStore store, BlockExecutor executor, ConsensusStateStore consensus, Mempool mempool,
                          CommitWaiters waiters, CommitFeed feed, LedgerCertifier certifier,
                          Function<QuorumCertificate, byte[]> proofEncoder, CommitObserver observer) {
        this.store = store;
        this.executor = executor;
        this.consensus = consensus;
        this.mempool = mempool;
        this.waiters = waiters;
        this.feed = feed;
        this.certifier = certifier;
        this.proofEncoder = proofEncoder;
        this.observer = observer;
    }

    /**
     * The node is stopping: commits and synced batches that have not started
     * yet are skipped (consensus or block sync brings them back after a
     * restart); the one being written finishes. Any thread.
     */
    public void stop() {
        stopping = true;
    }

    /** True once {@link #stop} was called: block sync starts no new batch. */
    public boolean stopping() {
        return stopping;
    }

    @Override
    public void commit(List<Block> blocks, QuorumCertificate commitProof) {
        if (stopping) {
            // All blocks of a commit, or none: only the last carries the commit proof a restart needs at the tip.
            log.debug("Stopping: not storing blocks {}..{}", blocks.getFirst().height(), blocks.getLast().height());
            return;
        }
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            Tip tip = store.tip();
            if (block.height() <= tip.height()) {
                Block stored = store.block(block.height()).orElseThrow();
                if (!stored.hash().equals(block.hash())) {
                    throw new IllegalStateException("FORK: consensus committed " + block + " but the ledger holds "
                            + stored + " at that height");
                }
                // Block sync stored it before consensus committed it here, which marked its transactions as
                // committing in the mempool again: they are done.
                mempool.removeCommitted(block.transactionIds());
                continue;
            }
            if (block.height() > tip.height() + 1) {
                // A node that restarted can commit a block whose parent the network committed while it was down.
                // Executing it now would read state the ledger does not hold yet; block sync fetches the gap and
                // these blocks with their commit proofs.
                log.info("Blocks {}..{} committed while the ledger is at height {}; block sync fills the gap",
                        block.height(), blocks.getLast().height(), tip.height());
                break;
            }
            boolean last = i == blocks.size() - 1;
            append(block, null, last ? proofEncoder.apply(commitProof) : null, true);
        }
        afterCommit();
    }

    /**
     * Appends a block that block sync fetched and verified, with its ledger
     * certificate when it came with a valid one.
     */
    public void appendSynced(Block block, LedgerCertificate certificateOrNull, QuorumCertificate commitProofOrNull) {
        append(block, certificateOrNull, commitProofOrNull == null ? null : proofEncoder.apply(commitProofOrNull), false);
        afterCommit();
    }

    /** Housekeeping that need not run per block: expired transactions cost a full mempool scan. */
    private void afterCommit() {
        long height = store.tip().height();
        consensus.prunePendingBlocks(height);
        if (height / EVICT_EVERY_BLOCKS != lastEvictionEpoch) {
            lastEvictionEpoch = height / EVICT_EVERY_BLOCKS;
            mempool.evictExpired(height);
        }
    }

    private void append(Block block, LedgerCertificate certificateOrNull, byte[] proof, boolean viaConsensus) {
        long firstIndex = store.tip().txCount();
        BlockEffects effects = executor.execute(block);
        LedgerCertificate certificate = certificateOrNull;
        if (certificate != null && !certificate.digest().stateRoot().equals(effects.stateRoot())) {
            // The quorum certified another state: this node's execution differs. Keep the agreed block, not the
            // certificate that contradicts what this node holds.
            certifier.diverged(block.height(), "the quorum certified state root " + certificate.digest().stateRoot()
                    + " but this node executed the block to " + effects.stateRoot());
            certificate = null;
        }
        store.append(block, effects, certificate, proof);
        long[] admitted = mempool.removeCommitted(block.transactionIds());
        observer.stored(block, viaConsensus, admitted);
        waiters.committed(block, firstIndex);
        // Only signals: subscribers read the new block on the stream service's own threads.
        feed.committed(block.height());
        if (certificate != null) {
            certifier.alreadyCertified(block.height());
        } else {
            certifier.committed(block, effects.stateRoot());
        }
        logProgress(block);
    }

    private void logProgress(Block block) {
        long now = System.nanoTime();
        if (progressFromHeight < 0) {
            progressFromHeight = block.height() - 1;
            progressFromTxCount = block.header().txCountTotal() - block.transactionIds().size();
        }
        long elapsed = now - progressSinceNanos;
        if (elapsed < PROGRESS_EVERY_NANOS) {
            return;
        }
        log.info("Committed height {}: {} blocks and {} transactions in the last {} s ({} transactions in the ledger)",
                block.height(), block.height() - progressFromHeight,
                block.header().txCountTotal() - progressFromTxCount, TimeUnit.NANOSECONDS.toSeconds(elapsed),
                block.header().txCountTotal());
        progressSinceNanos = now;
        progressFromHeight = block.height();
        progressFromTxCount = block.header().txCountTotal();
    }
}
