package io.meshledger.node.sync;

import io.meshledger.core.block.Block;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.validators.ValidatorSet;
import io.meshledger.node.network.CertifiedBlock;
import io.meshledger.node.storage.LedgerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Fetches the ledger certificates this node's own blocks lack. Certificates
 * form from digest signatures that live only in memory, so a node that
 * crashed between committing a block and collecting its quorum (or missed the
 * signatures while partitioned, or synced a block before its peers had
 * certified it) would otherwise never hold one. Periodically, on the ledger's
 * writer thread, it looks for committed heights older than a few blocks that
 * have no certificate, asks a peer for those blocks, and adopts each
 * certificate that a quorum of validators signed for the very block this node
 * holds. Adopting checks the state root too (see the {@code adopt} callback).
 */
public final class CertificateBackfill {
    private static final Logger log = LoggerFactory.getLogger(CertificateBackfill.class);
    /** Blocks younger than this are still collecting signatures the normal way. */
    private static final long SETTLE_BLOCKS = 4;
    private static final int MAX_HEIGHTS = 64;

    private final String chainId;
    private final ValidatorSet validators;
    private final LedgerStore store;
    private final SyncPeers peers;
    private final ExecutorService writer;
    private final ScheduledExecutorService scheduler;
    private final Consumer<LedgerCertificate> adopt;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    /** Every height below is certified; advanced on the writer thread only. */
    private long floor = 1;
    private int nextPeer;

    /**
     * @param adopt stores a verified certificate of one of this node's blocks, on the writer thread
     */
    public CertificateBackfill(String chainId, ValidatorSet validators, LedgerStore store, SyncPeers peers,
                               ExecutorService writer, ScheduledExecutorService scheduler,
                               Consumer<LedgerCertificate> adopt) {
        this.chainId = chainId;
        this.validators = validators;
        this.store = store;
        this.peers = peers;
        this.writer = writer;
        this.scheduler = scheduler;
        this.adopt = adopt;
    }

    public void start(long periodMs) {
        scheduler.scheduleWithFixedDelay(() -> {
            if (inFlight.compareAndSet(false, true)) {
                writer.execute(this::check);
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            List<Long> missing = missing();
            List<IdentityId> candidates = new ArrayList<>(peers.connectedPeers());
            if (missing.isEmpty() || candidates.isEmpty()) {
                inFlight.set(false);
                return;
            }
            IdentityId peer = candidates.get(Math.floorMod(nextPeer++, candidates.size()));
            long first = missing.getFirst();
            int count = (int) (missing.getLast() - first + 1);
            peers.fetchBlocks(peer, first, count).whenComplete((blocks, error) -> {
                if (error != null || blocks.isEmpty()) {
                    inFlight.set(false);
                    return;
                }
                writer.execute(() -> {
                    try {
                        adoptAll(peer, blocks, missing);
                    } finally {
                        inFlight.set(false);
                    }
                });
            });
        } catch (RuntimeException e) {
            inFlight.set(false);
            log.warn("Certificate backfill check failed: {}", e.toString());
        }
    }

    /** Committed heights at least {@link #SETTLE_BLOCKS} old without a certificate, oldest first, at most {@link #MAX_HEIGHTS}. */
    private List<Long> missing() {
        long settled = store.tip().height() - SETTLE_BLOCKS;
        List<Long> out = new ArrayList<>();
        for (long h = floor; h <= settled && out.size() < MAX_HEIGHTS && h - floor < 4L * MAX_HEIGHTS; h++) {
            if (store.certificate(h).isPresent()) {
                if (out.isEmpty()) {
                    floor = h + 1;
                }
            } else {
                out.add(h);
            }
        }
        return out;
    }

    private void adoptAll(IdentityId peer, List<CertifiedBlock> blocks, List<Long> missing) {
        int adopted = 0;
        for (CertifiedBlock b : blocks) {
            if (!missing.contains(b.height()) || b.ledgerCertificate().isEmpty()) {
                continue;
            }
            LedgerCertificate certificate = b.ledgerCertificate().get();
            Optional<Block> mine = store.block(b.height());
            if (mine.isEmpty() || !certificate.digest().blockHash().equals(mine.get().hash())
                    || certificate.digest().height() != b.height()) {
                continue;
            }
            var check = validators.checkCertificate(chainId, certificate);
            if (!check.isValid()) {
                log.warn("Peer {} sent an invalid certificate for height {}: {}", peer, b.height(), check);
                continue;
            }
            adopt.accept(certificate);
            adopted++;
        }
        if (adopted > 0) {
            log.debug("Fetched {} missing ledger certificates from {} (heights {}..{})", adopted, peer,
                    missing.getFirst(), missing.getLast());
        }
    }
}
