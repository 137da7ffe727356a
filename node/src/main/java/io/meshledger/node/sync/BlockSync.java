package io.meshledger.node.sync;

import io.meshledger.core.block.Block;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.validators.QuorumCheck;
import io.meshledger.core.validators.Validator;
import io.meshledger.core.validators.ValidatorSet;
import io.meshledger.node.commit.CommitPipeline;
import io.meshledger.node.consensus.CommittedRoot;
import io.meshledger.node.consensus.QuorumCertificate;
import io.meshledger.node.network.CertifiedBlock;
import io.meshledger.node.storage.LedgerStore;
import io.meshledger.node.storage.Tip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Catches a node up when it is behind (new, restarted, partitioned): whenever
 * its committed height stalls, it asks a connected peer for the committed
 * blocks above its tip, verifies them (hash links from its own tip, the
 * commit QC of the last one signed by a quorum, ledger certificates signed by
 * a quorum), appends them on the ledger's single writer thread, and hands the
 * new committed root to consensus. After a batch that brought new blocks it
 * asks again at once, until a fetch brings nothing new, so a node far behind
 * catches up at the speed of fetch and append, not one batch per period.
 * Catch-up progress is logged by {@link CatchUpLog}.
 */
public final class BlockSync {
    private static final Logger log = LoggerFactory.getLogger(BlockSync.class);
    private static final int BATCH = 256;
    private static final long CATCH_UP_MIN_BLOCKS = 20;
    private static final long CATCH_UP_LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final String chainId;
    private final ValidatorSet validators;
    private final LedgerStore store;
    private final CommitPipeline pipeline;
    private final SyncPeers peers;
    private final ExecutorService writer;
    private final ScheduledExecutorService scheduler;
    private final Consumer<CommittedRoot> onSynced;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    /** Writer thread only. */
    private final CatchUpLog catchUp = new CatchUpLog(CATCH_UP_MIN_BLOCKS, CATCH_UP_LOG_EVERY_NANOS);
    private final java.util.concurrent.atomic.AtomicLong syncedBlocks = new java.util.concurrent.atomic.AtomicLong();
    private long lastSeenTip = -1;
    private int nextPeer;

    public BlockSync(String chainId, ValidatorSet validators, LedgerStore store, CommitPipeline pipeline, SyncPeers peers,
                     ExecutorService writer, ScheduledExecutorService scheduler, Consumer<CommittedRoot> onSynced) {
        this.chainId = chainId;
        this.validators = validators;
        this.store = store;
        this.pipeline = pipeline;
        this.peers = peers;
        this.writer = writer;
        this.scheduler = scheduler;
        this.onSynced = onSynced;
    }

    /** Checks every {@code periodMs} whether the node is stalled, and syncs if so. */
    public void start(long periodMs) {
        scheduler.scheduleWithFixedDelay(() -> check(false), periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** @param continuing the previous batch brought new blocks: fetch again without waiting for a stall */
    private void check(boolean continuing) {
        try {
            long tip = store.tip().height();
            boolean stalled = tip == lastSeenTip;
            lastSeenTip = tip;
            if (!(stalled || continuing) || pipeline.stopping() || !inFlight.compareAndSet(false, true)) {
                return;
            }
            List<IdentityId> candidates = new ArrayList<>(peers.connectedPeers());
            if (candidates.isEmpty()) {
                inFlight.set(false);
                return;
            }
            IdentityId peer = candidates.get(Math.floorMod(nextPeer++, candidates.size()));
            peers.fetchBlocks(peer, tip + 1, BATCH).whenComplete((blocks, error) -> {
                if (error != null) {
                    log.debug("Fetching blocks from height {} from {} failed: {}", tip + 1, name(peer), error.toString());
                    inFlight.set(false);
                    return;
                }
                try {
                    writer.execute(() -> {
                        boolean more = false;
                        try {
                            more = apply(peer, blocks);
                        } finally {
                            inFlight.set(false);
                        }
                        if (more) {
                            continueSoon();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    inFlight.set(false);
                    log.debug("Not storing fetched blocks: the node is stopping");
                }
            });
        } catch (RuntimeException e) {
            inFlight.set(false);
            log.warn("Block sync check failed: {}", e.toString());
        }
    }

    private void continueSoon() {
        try {
            scheduler.execute(() -> check(true));
        } catch (RejectedExecutionException e) {
            log.debug("Not fetching more blocks: the node is stopping");
        }
    }

    /**
     * Verifies and appends; runs on the writer thread. Returns whether it
     * stored blocks (so there may be more to fetch).
     */
    private boolean apply(IdentityId peer, List<CertifiedBlock> received) {
        if (pipeline.stopping()) {
            return false;
        }
        Tip tip = store.tip();
        List<CertifiedBlock> blocks = new ArrayList<>();
        for (CertifiedBlock b : received) {
            if (b.height() > tip.height()) {
                blocks.add(b);
            }
        }
        if (blocks.isEmpty()) {
            catchUp.levelAt(tip.height(), System.nanoTime()).ifPresent(log::info);
            return false;
        }
        Optional<String> problem = verify(tip, blocks);
        if (problem.isPresent()) {
            log.warn("Refused {} blocks from peer {}: {}", blocks.size(), name(peer), problem.get());
            return false;
        }
        CertifiedBlock last = blocks.getLast();
        for (CertifiedBlock b : blocks) {
            LedgerCertificate cert = b.ledgerCertificate()
                    .filter(c -> c.digest().blockHash().equals(b.block().hash())
                            && validators.checkCertificate(chainId, c).isValid())
                    .orElse(null);
            pipeline.appendSynced(b.block(), cert, b == last ? last.commitQc() : null);
        }
        syncedBlocks.addAndGet(blocks.size());
        log.debug("Synced heights {}..{} from {}", blocks.getFirst().height(), last.height(), name(peer));
        catchUp.stored(name(peer), tip.height(), last.height(), peers.highestKnownHeight(), System.nanoTime())
                .ifPresent(log::info);
        onSynced.accept(CommittedRoot.of(last.block(), store.frontier(), last.commitQc()));
        return true;
    }

    private String name(IdentityId peer) {
        return validators.get(peer).map(Validator::name).orElse(peer.toString());
    }

    private Optional<String> verify(Tip tip, List<CertifiedBlock> blocks) {
        var expectedParent = tip.hash();
        long expectedHeight = tip.height() + 1;
        for (CertifiedBlock b : blocks) {
            Block block = b.block();
            if (block.height() != expectedHeight || !block.parentHash().equals(expectedParent)) {
                return Optional.of("block " + block + " does not extend height " + (expectedHeight - 1) + " ("
                        + expectedParent.shortHex() + ")");
            }
            if (!block.header().chainId().equals(chainId)) {
                return Optional.of("block " + block + " is for chain " + block.header().chainId());
            }
            expectedParent = block.hash();
            expectedHeight++;
        }
        Block last = blocks.getLast().block();
        QuorumCertificate qc = blocks.getLast().commitQc();
        if (!qc.data().parentHash().equals(last.hash()) || !qc.data().commitsParent()
                || qc.data().parentRound() != last.header().round()) {
            return Optional.of(qc + " does not commit " + last);
        }
        if (!qc.data().chainId().equals(chainId) || qc.data().epoch() != validators.epoch()) {
            return Optional.of(qc + " is for chain " + qc.data().chainId() + " epoch " + qc.data().epoch());
        }
        QuorumCheck check = validators.checkQuorum(qc.data().signingHash(), qc.signatures());
        if (check instanceof QuorumCheck.Invalid bad) {
            return Optional.of("commit QC: " + bad.reason());
        }
        return Optional.empty();
    }

    /** Blocks this node stored from peers' certified blocks (not through its own consensus) since it started. */
    public long syncedBlocks() {
        return syncedBlocks.get();
    }
}
