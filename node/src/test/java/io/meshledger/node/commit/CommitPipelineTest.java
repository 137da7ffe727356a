package io.meshledger.node.commit;

import io.meshledger.core.block.Block;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.validators.Validator;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.api.CommitFeed;
import io.meshledger.node.api.CommitWaiters;
import io.meshledger.node.certification.CertificateCollector;
import io.meshledger.node.certification.LedgerCertifier;
import io.meshledger.node.consensus.QuorumCertificate;
import io.meshledger.node.execution.BlockExecutor;
import io.meshledger.node.execution.ExecutorFactory;
import io.meshledger.node.mempool.Mempool;
import io.meshledger.node.storage.RocksLedgerStore;
import io.meshledger.node.config.PemFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The commit pipeline over a real store and executor. A node that restarts
 * behind the network can see consensus commit blocks above the height after
 * its ledger's tip: it must leave them to block sync, neither executing them
 * over state it does not hold nor failing, and store them once the gap is filled.
 */
class CommitPipelineTest {
    private static final int BLOCKS = 4;

    @TempDir
    Path dir;

    @Test
    void blocksCommittedAboveTheNextHeightWaitForTheGapAndAreStoredOnceItIsFilled() {
        TestNetwork net = TestNetwork.create(dir.resolve("net"), 2, 4);
        TestNetwork.User user = net.user("org1", "publisher");
        try (RocksLedgerStore network = RocksLedgerStore.open(dir.resolve("network"));
             RocksLedgerStore behind = RocksLedgerStore.open(dir.resolve("behind"))) {
            BlockExecutor networkExecutor = executor(net, network);
            List<Block> chain = new ArrayList<>();
            for (int i = 0; i < BLOCKS; i++) {
                List<SignedTransaction> txs = List.of(net.transaction(user, 40, network.tip().height() + 100));
                Block block = net.nextBlock(network.tip(), network.frontier(), txs);
                network.append(block, networkExecutor.execute(block), null, null);
                chain.add(block);
            }
            CommitPipeline pipeline = pipeline(net, behind);
            QuorumCertificate proof = QuorumCertificate.genesis(net.genesis().chainId(),
                    net.genesis().validators().epoch());

            pipeline.commit(chain.subList(2, BLOCKS), proof);
            assertEquals(0, behind.tip().height(), "blocks above the gap are not stored");

            pipeline.appendSynced(chain.get(0), null, null);
            pipeline.appendSynced(chain.get(1), null, null);
            pipeline.commit(chain.subList(2, BLOCKS), proof);

            assertEquals(network.tip(), behind.tip());
            assertEquals(network.stateRoot(BLOCKS), behind.stateRoot(BLOCKS));
        }
    }

    private static BlockExecutor executor(TestNetwork net, RocksLedgerStore store) {
        return ExecutorFactory.forGenesis(net.genesis(), store, net.genesis().membershipValidator(100));
    }

    private static CommitPipeline pipeline(TestNetwork net, RocksLedgerStore store) {
        String chainId = net.genesis().chainId();
        Validator me = net.genesis().validators().validators().getFirst();
        SigningKey key = PemFiles.readPrivateKey(net.layout().nodeDir(me.name()).resolve("node.key"));
        CertificateCollector collector = new CertificateCollector(chainId, net.genesis().validators(), 0, 1_000);
        LedgerCertifier certifier = new LedgerCertifier(chainId, net.genesis().validators().epoch(), key, me.id(),
                collector, store, signature -> { });
        return new CommitPipeline(store, executor(net, store), store, new Mempool(1_000, 1 << 20),
                new CommitWaiters(100), new CommitFeed(), certifier, qc -> new byte[] {1}, CommitObserver.NONE);
    }
}
