package io.meshledger.node.consensus;

import io.meshledger.core.block.Block;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.AccumulatorFrontier;
import io.meshledger.core.merkle.MerkleAccumulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node's durable state: what survives a crash. Safety data and committed
 * blocks are written when the driver performs the action (synchronously, as an
 * fsync would); anything the node had not yet written is lost.
 */
final class SimStorage {
    /** A committed block and the accumulator after it. */
    record Stored(Block block, AccumulatorFrontier frontier) {
    }

    private final String chainId;
    private final long epoch;
    private SafetyData safety;
    private final List<Stored> chain = new ArrayList<>();
    private final Map<Hash, Stored> byHash = new HashMap<>();
    private final Set<Hash> txIds = new HashSet<>();
    private QuorumCertificate tipProof;
    private final Map<Hash, Proposal> pendingBlocks = new HashMap<>();

    SimStorage(String chainId, long epoch) {
        this.chainId = chainId;
        this.epoch = epoch;
        this.safety = SafetyData.initial(epoch);
        this.tipProof = QuorumCertificate.genesis(chainId, epoch);
    }

    SafetyData safety() {
        return safety;
    }

    void saveSafety(SafetyData data) {
        this.safety = data;
    }

    long height() {
        return chain.size();
    }

    Hash tipHash() {
        return chain.isEmpty() ? Hash.ZERO : chain.getLast().block().hash();
    }

    List<Stored> chain() {
        return chain;
    }

    boolean contains(Hash hash) {
        return byHash.containsKey(hash);
    }

    boolean hasTransaction(Hash id) {
        return txIds.contains(id);
    }

    CommittedRoot root() {
        if (chain.isEmpty()) {
            return CommittedRoot.genesis(chainId, epoch);
        }
        Stored tip = chain.getLast();
        return CommittedRoot.of(tip.block(), tip.frontier(), tipProof);
    }

    /**
     * Appends a block as the ledger store would: it must extend the tip, repeat
     * no committed transaction, and carry the accumulator root after its
     * transactions. Returns a violation, or null.
     */
    String append(Block block) {
        if (block.height() != height() + 1 || !block.parentHash().equals(tipHash())) {
            return "block " + block + " does not extend tip " + height() + "/" + tipHash().shortHex();
        }
        List<Hash> leaves = new ArrayList<>();
        for (Hash id : block.transactionIds()) {
            if (!txIds.add(id)) {
                return "transaction " + id.shortHex() + " committed twice, again at height " + block.height();
            }
            leaves.add(MerkleAccumulator.leafHash(id.unsafeArray()));
        }
        AccumulatorFrontier before = chain.isEmpty() ? AccumulatorFrontier.empty() : chain.getLast().frontier();
        AccumulatorFrontier after = before.append(leaves);
        if (!after.root().equals(block.header().txAccumulatorRoot()) || after.size() != block.header().txCountTotal()) {
            return "block " + block + " accumulator root does not match its transactions";
        }
        Stored stored = new Stored(block, after);
        chain.add(stored);
        byHash.put(block.hash(), stored);
        return null;
    }

    void setTipProof(QuorumCertificate proof) {
        this.tipProof = proof;
        pendingBlocks.values().removeIf(p -> p.block().height() <= height());
    }

    void saveBlock(Proposal proposal) {
        pendingBlocks.put(proposal.block().hash(), proposal);
    }

    List<Proposal> pendingBlocks() {
        return pendingBlocks.values().stream()
                .sorted(java.util.Comparator.comparing((Proposal p) -> p.block().hash())).toList();
    }
}
