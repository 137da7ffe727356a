package io.meshledger.node.certification;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.LedgerDigest;
import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.Signer;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.node.storage.BlockRejectedException;
import io.meshledger.node.storage.LedgerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certifies committed blocks: signs this node's ledger digest of each block it
 * commits, gathers the other validators' signatures, and stores the ledger
 * certificate once {@code 2f+1} agree. If a quorum signs a digest different
 * from this node's, the node has diverged: it says so loudly, stops
 * certifying, and shows it in status. Runs on the ledger's single writer
 * thread (the commit thread); not thread-safe.
 */
public final class LedgerCertifier {
    private static final Logger log = LoggerFactory.getLogger(LedgerCertifier.class);

    private final String chainId;
    private final long epoch;
    private final Signer signer;
    private final IdentityId self;
    private final CertificateCollector collector;
    private final LedgerStore store;
    private final DigestOutbox outbox;
    private volatile boolean certifying = true;
    private volatile long divergedAt;

    public LedgerCertifier(String chainId, long epoch, Signer signer, IdentityId self, CertificateCollector collector,
                           LedgerStore store, DigestOutbox outbox) {
        this.chainId = chainId;
        this.epoch = epoch;
        this.signer = signer;
        this.self = self;
        this.collector = collector;
        this.store = store;
        this.outbox = outbox;
    }

    /** Signs and shares this node's digest of a block it just committed and executed to {@code stateRoot}. */
    public void committed(Block block, Hash stateRoot) {
        if (!certifying) {
            return;
        }
        LedgerDigest digest = new LedgerDigest(chainId, epoch, block.height(), block.hash(),
                block.header().txAccumulatorRoot(), block.header().txCountTotal(), stateRoot,
                block.header().timestampMs());
        byte[] bytes = digest.encode();
        byte[] signature = signer.sign(LedgerDigest.signingHash(bytes).unsafeArray());
        DigestSignature mine = new DigestSignature(Bytes.wrap(bytes), digest,
                new ValidatorSignature(self, Bytes.wrap(signature)));
        handle(collector.addOwn(mine));
        outbox.broadcast(mine);
    }

    /** A digest signature from another validator. */
    public void received(DigestSignature signature) {
        if (!certifying) {
            return;
        }
        CertificationOutcome outcome = collector.add(signature);
        if (outcome instanceof CertificationOutcome.Refused r) {
            log.debug("Refused digest signature from {}: {}", signature.signature().validator(), r.reason());
            return;
        }
        handle(outcome);
    }

    /**
     * Stores a certificate a quorum signed for a block this node committed,
     * fetched from a peer because this node never collected it. If it certifies
     * a state root other than this node's, this node has diverged.
     */
    public void adopt(io.meshledger.core.block.LedgerCertificate certificate) {
        long h = certificate.digest().height();
        try {
            store.saveCertificate(h, certificate);
            collector.markCertified(h);
        } catch (BlockRejectedException e) {
            diverged(h, "a quorum certified a digest this node's ledger contradicts: " + e.getMessage());
        }
    }

    /** The block at {@code height} arrived with a valid certificate through block sync. */
    public void alreadyCertified(long height) {
        collector.markCertified(height);
    }

    /** False once this node diverged from the quorum. */
    public boolean certifying() {
        return certifying;
    }

    /** Height at which this node found itself diverged from the quorum; 0 while it has not. */
    public long divergedAt() {
        return divergedAt;
    }

    /**
     * This node's execution disagrees with a certificate the quorum signed (found
     * outside the collector, e.g. on a synced block): stop certifying, loudly.
     */
    public void diverged(long height, String detail) {
        if (certifying) {
            certifying = false;
            divergedAt = height;
            log.error("DIVERGED at height {}: {}. This node stops certifying; its ledger must be audited.", height,
                    detail);
        }
    }

    private void handle(CertificationOutcome outcome) {
        switch (outcome) {
            case CertificationOutcome.Certified c -> {
                long h = c.certificate().digest().height();
                try {
                    store.saveCertificate(h, c.certificate());
                    log.debug("Certified height {} with {} signatures", h, c.certificate().signatures().size());
                } catch (BlockRejectedException e) {
                    // The certificate names a height this node has not committed: it was built from our own
                    // digest, so this cannot happen unless the store lost data.
                    log.error("Cannot store the certificate of height {}: {}", h, e.getMessage());
                }
            }
            case CertificationOutcome.Diverged d -> diverged(d.height(), d.detail());
            case CertificationOutcome.Pending p -> {
            }
            case CertificationOutcome.Refused r -> log.debug("Own digest refused: {}", r.reason());
        }
    }
}
