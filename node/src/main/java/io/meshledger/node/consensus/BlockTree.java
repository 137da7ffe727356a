package io.meshledger.node.consensus;

import io.meshledger.core.block.Block;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.AccumulatorFrontier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The uncommitted blocks above the committed root, each with the accumulator
 * frontier after it, and the QCs that certify them.
 * <p>
 * Commit rule (2-chain): a QC whose vote data certifies block {@code B'} of round
 * {@code r + 1} whose parent {@code B} is of round {@code r} commits {@code B}
 * and all its uncommitted ancestors; {@code B} is then the new root and every
 * block not descending from it is pruned. Only blocks that are held can be
 * certified: a QC for a missing block waits (bounded) until the block arrives.
 */
final class BlockTree {
    /** An uncommitted block, the proposal that carried it and the accumulator after it. */
    record PendingBlock(Proposal proposal, AccumulatorFrontier frontier) {
        Block block() {
            return proposal.block();
        }

        ChainLink link() {
            var h = block().header();
            return new ChainLink(block().hash(), h.height(), h.round(), h.timestampMs(), frontier);
        }
    }

    /** The outcome of adding a QC. */
    sealed interface Certified {
        /** Nothing new: already known, or at or below the root. */
        record Known() implements Certified {
        }

        /** The certified block is not held; the QC waits for it. */
        record MissingBlock(Hash blockHash) implements Certified {
        }

        /** Recorded; {@code commit} is present when the QC committed blocks. */
        record Recorded(Optional<ConsensusAction.Commit> commit) implements Certified {
        }
    }

    private final int maxBlocks;
    private final int maxWaitingQcs;
    private final Map<Hash, PendingBlock> blocks = new HashMap<>();
    private final Set<Hash> certified = new HashSet<>();
    private final Map<Hash, QuorumCertificate> waitingQcs = new LinkedHashMap<>();
    private CommittedRoot root;
    private ChainLink rootLink;
    private QuorumCertificate highQc;

    BlockTree(CommittedRoot root, int maxBlocks, int maxWaitingQcs) {
        this.maxBlocks = maxBlocks;
        this.maxWaitingQcs = maxWaitingQcs;
        setRoot(root);
        this.highQc = root.highQc().data().blockHash().equals(root.hash()) ? root.highQc() : null;
    }

    CommittedRoot root() {
        return root;
    }

    /** The highest QC whose block is held (or is the root); empty until one is known. */
    Optional<QuorumCertificate> highQc() {
        return Optional.ofNullable(highQc);
    }

    /** The root or a held block. */
    Optional<ChainLink> link(Hash hash) {
        if (hash.equals(root.hash())) {
            return Optional.of(rootLink);
        }
        return Optional.ofNullable(blocks.get(hash)).map(PendingBlock::link);
    }

    Optional<PendingBlock> get(Hash hash) {
        return Optional.ofNullable(blocks.get(hash));
    }

    boolean contains(Hash hash) {
        return hash.equals(root.hash()) || blocks.containsKey(hash);
    }

    /** A held block of {@code round}, if any. */
    Optional<Hash> blockOfRound(long round) {
        return blocks.values().stream().filter(b -> b.block().header().round() == round)
                .map(b -> b.block().hash()).findFirst();
    }

    int size() {
        return blocks.size();
    }

    boolean isFull() {
        return blocks.size() >= maxBlocks;
    }

    /** Adds a validated block whose parent is held; false when already held or full. */
    boolean insert(Proposal proposal, AccumulatorFrontier frontier) {
        Hash hash = proposal.block().hash();
        if (blocks.containsKey(hash) || isFull() || !contains(proposal.block().parentHash())) {
            return false;
        }
        blocks.put(hash, new PendingBlock(proposal, frontier));
        return true;
    }

    /** The QC that waited for {@code blockHash}, if any, now that the block is held. */
    Optional<QuorumCertificate> takeWaitingQc(Hash blockHash) {
        return Optional.ofNullable(waitingQcs.remove(blockHash));
    }

    /** Transaction ids of {@code hash} and its uncommitted ancestors (empty for the root). */
    Set<Hash> uncommittedTxIds(Hash hash) {
        Set<Hash> ids = new HashSet<>();
        PendingBlock b = blocks.get(hash);
        while (b != null) {
            ids.addAll(b.block().transactionIds());
            b = blocks.get(b.block().parentHash());
        }
        return ids;
    }

    /** Records {@code qc}, raises the high QC, and applies the 2-chain commit rule. */
    Certified certify(QuorumCertificate qc) {
        VoteData d = qc.data();
        if (d.height() <= root.height() || certified.contains(d.blockHash())) {
            return new Certified.Known();
        }
        PendingBlock block = blocks.get(d.blockHash());
        if (block == null) {
            if (waitingQcs.containsKey(d.blockHash())) {
                return new Certified.Known();
            }
            if (waitingQcs.size() >= maxWaitingQcs) {
                waitingQcs.remove(waitingQcs.keySet().iterator().next());
            }
            waitingQcs.put(d.blockHash(), qc);
            return new Certified.MissingBlock(d.blockHash());
        }
        certified.add(d.blockHash());
        if (highQc == null || qc.round() > highQc.round()) {
            highQc = qc;
        }
        if (!d.commitsParent() || d.parentHash().equals(root.hash())) {
            return new Certified.Recorded(Optional.empty());
        }
        PendingBlock parent = blocks.get(d.parentHash());
        if (parent == null || parent.block().header().round() != d.parentRound()) {
            return new Certified.Recorded(Optional.empty());
        }
        return new Certified.Recorded(Optional.of(commit(parent, qc)));
    }

    private ConsensusAction.Commit commit(PendingBlock newRoot, QuorumCertificate proof) {
        List<Block> chain = new ArrayList<>();
        PendingBlock b = newRoot;
        while (b != null) {
            chain.add(b.block());
            b = blocks.get(b.block().parentHash());
        }
        Collections.reverse(chain);
        if (!chain.getFirst().parentHash().equals(root.hash())) {
            throw new IllegalStateException("committed chain starting at height " + chain.getFirst().height()
                    + " does not extend the root at height " + root.height());
        }
        setRoot(CommittedRoot.of(newRoot.block(), newRoot.frontier(), proof));
        prune();
        return new ConsensusAction.Commit(chain, proof);
    }

    /**
     * Adopts a root that block sync committed out of band; ignored unless higher
     * than the current root. Blocks not descending from it are pruned.
     */
    void adopt(CommittedRoot newRoot) {
        if (newRoot.height() <= root.height()) {
            return;
        }
        setRoot(newRoot);
        if (highQc != null && highQc.data().height() < newRoot.height()) {
            highQc = null;
        }
        if (newRoot.highQc().data().blockHash().equals(newRoot.hash())) {
            highQc = newRoot.highQc();
        }
        prune();
    }

    private void setRoot(CommittedRoot newRoot) {
        root = newRoot;
        rootLink = new ChainLink(newRoot.hash(), newRoot.height(), newRoot.round(), newRoot.timestampMs(),
                newRoot.frontier());
    }

    private void prune() {
        Map<Hash, Boolean> descends = new HashMap<>();
        descends.put(root.hash(), true);
        blocks.keySet().removeIf(h -> h.equals(root.hash()) || !descendsFromRoot(h, descends));
        certified.retainAll(blocks.keySet());
        waitingQcs.values().removeIf(qc -> qc.data().height() <= root.height());
        if (highQc != null && !contains(highQc.data().blockHash())) {
            highQc = null;
        }
    }

    private boolean descendsFromRoot(Hash hash, Map<Hash, Boolean> memo) {
        Boolean known = memo.get(hash);
        if (known != null) {
            return known;
        }
        PendingBlock b = blocks.get(hash);
        boolean result = b != null && b.block().height() > root.height()
                && descendsFromRoot(b.block().parentHash(), memo);
        memo.put(hash, result);
        return result;
    }
}
