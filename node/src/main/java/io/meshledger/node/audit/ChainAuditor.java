package io.meshledger.node.audit;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.identity.MembershipValidator;
import io.meshledger.node.audit.BlockCheck.Below;
import io.meshledger.node.audit.Finding.Kind;
import io.meshledger.node.storage.BlockEffects;
import io.meshledger.node.storage.BlockRejectedException;
import io.meshledger.node.storage.ReadOnlyLedgerStore;
import io.meshledger.node.storage.StateEntries;
import io.meshledger.node.storage.StateFamily;
import io.meshledger.node.storage.StorageException;
import io.meshledger.node.storage.Tip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Audits a stopped node's ledger against its genesis. Heights are checked in
 * order from 1 to the recorded tip; at each: the block ({@link BlockCheck}), its
 * transaction signatures, its re-execution into the {@link Replay} and the
 * stored state root and receipts against it ({@link ExecutionCheck}), then its
 * certificate ({@link CertificateCheck}) or, without one, the height is noted
 * uncertified. The pass stops at the first bad height, since nothing above it
 * can be replayed on a sound base. Then each state family is compared with the
 * replay's up to the last replayed height ({@link StateComparison}), and the
 * lowest bad height over all checks is the result.
 * <p>
 * Single use, single thread. The replay store lives under {@code scratch} and
 * is deleted before {@link #run} returns.
 */
public final class ChainAuditor {
    private static final Logger log = LoggerFactory.getLogger(ChainAuditor.class);
    private static final int MEMBERSHIP_CACHE = 10_000;

    private final ReadOnlyLedgerStore audited;
    private final Genesis genesis;
    private final Path scratch;
    private final AuditProgress progress;
    private final MembershipValidator members;
    private final BlockCheck blocks;
    private final TransactionSignatures signatures;
    private final CertificateCheck certificates;

    /**
     * @param audited  the store to audit, opened read-only
     * @param genesis  the genesis the chain must descend from
     * @param scratch  a directory that does not exist yet, for the replay store; deleted afterwards
     * @param progress told of every checked height
     */
    public ChainAuditor(ReadOnlyLedgerStore audited, Genesis genesis, Path scratch, AuditProgress progress) {
        this.audited = audited;
        this.genesis = genesis;
        this.scratch = scratch;
        this.progress = progress;
        this.members = genesis.membershipValidator(MEMBERSHIP_CACHE);
        this.blocks = new BlockCheck(genesis.chainId(), genesis.validators().epoch());
        this.signatures = new TransactionSignatures(members);
        this.certificates = new CertificateCheck(genesis.chainId(), genesis.validators());
    }

    /**
     * Runs the whole audit.
     *
     * @throws StorageException if the replay store cannot be written (the audited store's read failures are findings)
     */
    public AuditReport run() {
        long started = System.nanoTime();
        Pass pass = new Pass();
        try (Replay replay = Replay.start(genesis, members, scratch)) {
            List<Finding> findings = new ArrayList<>();
            Optional<Tip> tip = readTip(findings);
            pass.tip = tip.map(Tip::height).orElse(0L);
            if (tip.isPresent()) {
                heights(tip.get(), replay, pass).ifPresent(findings::add);
            }
            states(replay).ifPresent(findings::add);
            findings.sort(Finding.BY_HEIGHT);
            Optional<Finding> first = findings.stream().findFirst();
            first.ifPresent(f -> log.debug("Audit finding: {}", f));
            return new AuditReport(pass.tip, pass.heightsChecked, pass.transactions, pass.certified,
                    pass.uncertified.build(), first, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** What the per-height pass has counted. */
    private static final class Pass {
        long tip;
        long heightsChecked;
        long transactions;
        long certified;
        final HeightRange.Builder uncertified = new HeightRange.Builder();
    }

    private Optional<Tip> readTip(List<Finding> findings) {
        try {
            Optional<Tip> tip = audited.recordedTip();
            OptionalLong highest = audited.highestBlockHeight();
            long tipHeight = tip.map(Tip::height).orElse(0L);
            if (highest.isPresent() && highest.getAsLong() > tipHeight) {
                long above = audited.blockBytes(tipHeight + 1).isPresent() ? tipHeight + 1 : highest.getAsLong();
                findings.add(Finding.at(Math.max(1, above), Kind.TIP, "a block is stored above the recorded tip "
                        + "height " + tipHeight));
            }
            return tip;
        } catch (StorageException e) {
            findings.add(Finding.at(0, Kind.TIP, "the recorded tip cannot be read: " + e.getMessage()));
            return Optional.empty();
        }
    }

    /** The per-height pass; the first bad height ends it. */
    private Optional<Finding> heights(Tip tip, Replay replay, Pass pass) {
        Below below = Below.genesis();
        for (long h = 1; h <= tip.height(); h++) {
            Bytes stored;
            try {
                stored = audited.blockBytes(h).orElse(null);
            } catch (StorageException e) {
                return Optional.of(Finding.at(h, Kind.BLOCK, "the block cannot be read: " + e.getMessage()));
            }
            if (stored == null) {
                return Optional.of(Finding.at(h, Kind.BLOCK, "the block is missing (the recorded tip is "
                        + tip.height() + ")"));
            }
            BlockCheck.Outcome outcome = blocks.check(h, stored, below);
            if (outcome instanceof BlockCheck.Outcome.Bad bad) {
                return Optional.of(bad.finding());
            }
            BlockCheck.Outcome.Valid valid = (BlockCheck.Outcome.Valid) outcome;
            Block block = valid.block();
            Optional<String> badSignature = signatures.check(block);
            if (badSignature.isPresent()) {
                return Optional.of(Finding.at(h, Kind.TRANSACTION, badSignature.get()));
            }
            BlockEffects effects;
            try {
                effects = replay.apply(block);
            } catch (BlockRejectedException e) {
                return Optional.of(Finding.at(h, Kind.BLOCK, "the block cannot extend the chain below it: "
                        + e.getMessage()));
            }
            Optional<Finding> executed = executionMatches(h, effects);
            if (executed.isPresent()) {
                return executed;
            }
            Optional<Bytes> certificate;
            try {
                certificate = audited.certificateBytes(h);
            } catch (StorageException e) {
                return Optional.of(Finding.at(h, Kind.CERTIFICATE, "the certificate cannot be read: "
                        + e.getMessage()));
            }
            if (certificate.isPresent()) {
                Optional<String> bad = certificates.check(certificate.get(), block, effects.stateRoot());
                if (bad.isPresent()) {
                    return Optional.of(Finding.at(h, Kind.CERTIFICATE, bad.get()));
                }
                pass.certified++;
            } else {
                pass.uncertified.add(h);
            }
            pass.heightsChecked = h;
            pass.transactions += block.transactions().size();
            progress.heightChecked(h, tip.height(), pass.transactions);
            below = new Below(h, block.hash(), certificate.isPresent(), valid.frontier());
            if (h == tip.height() && (!block.hash().equals(tip.hash()) || valid.frontier().size() != tip.txCount())) {
                return Optional.of(Finding.at(h, Kind.TIP, "the recorded tip (hash " + tip.hash() + ", "
                        + tip.txCount() + " transactions) is not the block stored there (hash " + block.hash()
                        + ", " + valid.frontier().size() + " transactions)"));
            }
        }
        return Optional.empty();
    }

    private Optional<Finding> executionMatches(long h, BlockEffects effects) {
        Optional<Bytes> root;
        NavigableMap<Integer, Bytes> receipts;
        try {
            root = audited.stateRootBytes(h);
            receipts = audited.receiptBytes(h);
        } catch (StorageException e) {
            return Optional.of(Finding.at(h, Kind.RECEIPT, "the execution results cannot be read: "
                    + e.getMessage()));
        }
        return ExecutionCheck.stateRoot(h, root, effects).or(() -> ExecutionCheck.receipts(h, receipts, effects));
    }

    /** The lowest-height difference between the audited and the replayed state, over every state family. */
    private Optional<Finding> states(Replay replay) {
        Finding lowest = null;
        for (StateFamily family : StateFamily.values()) {
            progress.comparingState(family.description() + "s");
            Optional<Finding> found;
            try (StateEntries a = audited.stateEntries(family); StateEntries r = replay.entries(family)) {
                found = StateComparison.firstDifference(family, a, r, replay.height());
            } catch (StorageException e) {
                found = Optional.of(Finding.at(0, Kind.STATE, "the stored " + family.description() + "s cannot be"
                        + " read: " + e.getMessage()));
            }
            if (found.isPresent() && (lowest == null || found.get().height() < lowest.height())) {
                lowest = found.get();
            }
        }
        return Optional.ofNullable(lowest);
    }
}
