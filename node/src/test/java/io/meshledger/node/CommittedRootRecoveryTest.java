package io.meshledger.node;

import io.meshledger.core.block.Block;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.consensus.CommittedRoot;
import io.meshledger.node.consensus.QuorumCertificate;
import io.meshledger.node.consensus.VoteData;
import io.meshledger.node.storage.RocksLedgerStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Where consensus resumes after a kill between the blocks of one multi-block commit: only the last block of a
 * commit carries the commit proof, and each block is fsynced on its own.
 */
class CommittedRootRecoveryTest {
    @TempDir
    static Path netDir;
    @TempDir
    Path dataDir;
    static TestNetwork net;

    @BeforeAll
    static void network() {
        net = TestNetwork.create(netDir, 1, 4);
    }

    private Block append(RocksLedgerStore store, boolean withProof) {
        List<SignedTransaction> txs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            txs.add(net.transaction(net.user("org1", "publisher"), 10, 1_000));
        }
        Block block = net.nextBlock(store.tip(), store.frontier(), txs);
        byte[] proof = null;
        if (withProof) {
            // A QC certifying the block itself is a valid commit proof for a root.
            QuorumCertificate qc = new QuorumCertificate(new VoteData(net.genesis().chainId(),
                    net.genesis().validators().epoch(), block.header().round(), block.height(), block.hash(),
                    block.header().parentHash(), block.header().round() - 1), List.of());
            proof = PersistedConsensus.encodeCommitProof(qc);
        }
        store.append(block, null, proof);
        return block;
    }

    private CommittedRoot root(RocksLedgerStore store) {
        return Node.committedRoot(store, net.genesis().chainId(), net.genesis().validators().epoch());
    }

    @Test
    void resumesAtTheTipWhenItCarriesItsCommitProof() {
        try (RocksLedgerStore store = RocksLedgerStore.open(dataDir)) {
            append(store, true);
            Block tip = append(store, true);
            CommittedRoot root = root(store);
            assertEquals(tip.height(), root.height());
            assertEquals(tip.hash(), root.hash());
            assertEquals(store.frontier().root(), root.frontier().root());
        }
    }

    @Test
    void resumesAtTheLastBlockWithAProofWhenAKillCutACommitShort() {
        try (RocksLedgerStore store = RocksLedgerStore.open(dataDir)) {
            Block proven = append(store, true);
            long txsAtProven = store.tip().txCount();
            var frontierAtProven = store.frontier();
            append(store, false);
            append(store, false);
            CommittedRoot root = root(store);
            assertEquals(proven.height(), root.height(), "consensus resumes below the unproven blocks");
            assertEquals(proven.hash(), root.hash());
            assertEquals(txsAtProven, root.frontier().size());
            assertEquals(frontierAtProven.root(), root.frontier().root(), "the accumulator as it was after that block");
            assertEquals(3, store.tip().height(), "and the committed blocks above it stay");
        }
    }

    @Test
    void resumesFromGenesisWhenNoStoredBlockHasAProof() {
        try (RocksLedgerStore store = RocksLedgerStore.open(dataDir)) {
            append(store, false);
            assertEquals(0, root(store).height());
        }
    }
}
