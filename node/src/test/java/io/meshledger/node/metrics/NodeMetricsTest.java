package io.meshledger.node.metrics;

import io.meshledger.core.block.Block;
import io.meshledger.core.crypto.BatchVerifier;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.mempool.Admission;
import io.meshledger.node.mempool.LedgerView;
import io.meshledger.node.mempool.Mempool;
import io.meshledger.node.storage.RocksLedgerStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeMetricsTest {
    @TempDir
    Path dir;

    private TestNetwork net;
    private RocksLedgerStore store;
    private ExecutorService workers;

    @BeforeEach
    void setUp() {
        net = TestNetwork.create(dir.resolve("net"), 1, 1);
        store = RocksLedgerStore.open(dir.resolve("data"));
        workers = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() {
        store.close();
        workers.shutdownNow();
    }

    @Test
    void ledgerConsensusAndPeerSeriesShowWhatTheRealStagesHold() {
        List<SignedTransaction> txs = transactions(3);
        appendBlock(txs);
        appendBlock(List.of());
        Mempool mempool = new Mempool(100, 1 << 20);
        Admission admission = admission(mempool);
        admission.admitEncoded(List.of(new byte[] {1, 2, 3}, transactions(1).getFirst().encode()));
        Set<String> up = new HashSet<>(Set.of("node2", "node4"));
        try (NodeMetrics metrics = new NodeMetrics("node1").bind(
                new LedgerMeters(store::tip, mempool::size, mempool::bytes, admission, () -> 7),
                new ConsensusMeters(() -> 9, () -> 2, () -> 3, () -> 4, () -> 0, () -> 0, () -> true),
                new PeerMeters(List.of("node2", "node3", "node4"), up::contains, peer -> peer.equals("node3") ? 5 : 0))) {
            PrometheusText scrape = PrometheusText.parse(metrics.registry().scrape());
            assertEquals(2, scrape.require("meshledger_ledger_height", Map.of("node", "node1")));
            assertEquals(3, scrape.require("meshledger_committed_transactions_total"));
            assertEquals(1, scrape.require("meshledger_mempool_transactions"));
            assertTrue(scrape.require("meshledger_mempool_bytes") > 0);
            assertEquals(1, scrape.require("meshledger_admission_accepted_total"));
            assertEquals(1, scrape.require("meshledger_signatures_verified_total", Map.of("where", "admission")));
            assertEquals(7, scrape.require("meshledger_signatures_verified_total", Map.of("where", "proposal")));
            assertEquals(1, scrape.require("meshledger_admission_rejected_total", Map.of("reason", "MALFORMED")));
            assertEquals(0, scrape.require("meshledger_admission_rejected_total", Map.of("reason", "EXPIRED")));
            assertEquals(9, scrape.require("meshledger_consensus_round"));
            assertEquals(2, scrape.require("meshledger_consensus_view_changes_total"));
            assertEquals(3, scrape.require("meshledger_consensus_local_timeouts_total"));
            assertEquals(4, scrape.require("meshledger_consensus_rejected_messages_total"));
            assertEquals(1, scrape.require("meshledger_certifying"));
            assertEquals(2, scrape.require("meshledger_peers_connected"));
            assertEquals(1, scrape.require("meshledger_peer_connected", Map.of("peer", "node2")));
            assertEquals(0, scrape.require("meshledger_peer_connected", Map.of("peer", "node3")));
            assertEquals(5, scrape.require("meshledger_peer_disconnects_total", Map.of("peer", "node3")));

            // Gauges are read at scrape time: a peer coming back shows at the next scrape.
            up.add("node3");
            PrometheusText later = PrometheusText.parse(metrics.registry().scrape());
            assertEquals(1, later.require("meshledger_peer_connected", Map.of("peer", "node3")));
            assertEquals(3, later.require("meshledger_peers_connected"));
        }
    }

    @Test
    void rocksDbSizesAreReadPerColumnFamilyAndTurnNaNOnceTheStoreIsClosed() {
        for (int i = 0; i < 20; i++) {
            appendBlock(transactions(5));
        }
        try (NodeMetrics metrics = new NodeMetrics("node1").bind(new StorageMeters(store))) {
            PrometheusText scrape = PrometheusText.parse(metrics.registry().scrape());
            assertEquals(RocksLedgerStore.familyNames().size(),
                    scrape.samples("meshledger_rocksdb_memtable_bytes").size());
            // Nothing flushed yet: the blocks sit in the memtable.
            assertTrue(scrape.require("meshledger_rocksdb_memtable_bytes", Map.of("family", "blocks")) > 10_000,
                    scrape.samples("meshledger_rocksdb_memtable_bytes").toString());
        }

        // Reopening replays the write-ahead log and flushes it to SST files.
        store.close();
        store = RocksLedgerStore.open(dir.resolve("data"));
        try (NodeMetrics metrics = new NodeMetrics("node1").bind(new StorageMeters(store))) {
            PrometheusText scrape = PrometheusText.parse(metrics.registry().scrape());
            assertTrue(scrape.require("meshledger_rocksdb_sst_bytes", Map.of("family", "blocks")) > 10_000,
                    scrape.samples("meshledger_rocksdb_sst_bytes").toString());
            assertTrue(scrape.require("meshledger_rocksdb_live_data_bytes", Map.of("family", "blocks")) > 0,
                    scrape.samples("meshledger_rocksdb_live_data_bytes").toString());

            store.close();
            PrometheusText afterClose = PrometheusText.parse(metrics.registry().scrape());
            assertTrue(Double.isNaN(afterClose.require("meshledger_rocksdb_sst_bytes", Map.of("family", "blocks"))));
        }
    }

    @Test
    void commitLatencyRunsFromMempoolAdmissionAndBlockDelayFromTheLeadersTimestamp() {
        Mempool mempool = new Mempool(100, 1 << 20);
        List<SignedTransaction> txs = transactions(3);
        txs.forEach(tx -> mempool.add(tx, tx.encode().length));
        Block block = net.nextBlock(store.tip(), store.frontier(), txs);
        // The block is stored 1.5 s after its leader's timestamp, 300 ms after its transactions were admitted.
        Clock clock = Clock.fixed(Instant.ofEpochMilli(block.header().timestampMs() + 1_500), ZoneOffset.UTC);
        CommitMeters commits = new CommitMeters(clock, () -> System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300));
        try (NodeMetrics metrics = new NodeMetrics("node1").bind(commits)) {
            long[] admitted = mempool.removeCommitted(block.transactionIds());
            assertEquals(3, admitted.length);
            commits.stored(block, true, admitted);
            // A synced block: its transactions count if they waited here, its delay says nothing about consensus.
            commits.stored(block, false, new long[0]);

            PrometheusText scrape = PrometheusText.parse(metrics.registry().scrape());
            assertEquals(3, scrape.require("meshledger_commit_latency_seconds_count"));
            assertEquals(0, scrape.require("meshledger_commit_latency_seconds_bucket", Map.of("le", "0.25")));
            assertEquals(3, scrape.require("meshledger_commit_latency_seconds_bucket", Map.of("le", "0.5")));
            double sum = scrape.require("meshledger_commit_latency_seconds_sum");
            assertTrue(sum >= 0.9 && sum < 1.5, "3 transactions of about 0.3 s each, got " + sum);
            assertEquals(1, scrape.require("meshledger_block_commit_delay_seconds_count"));
            assertEquals(0, scrape.require("meshledger_block_commit_delay_seconds_bucket", Map.of("le", "1.0")));
            assertEquals(1, scrape.require("meshledger_block_commit_delay_seconds_bucket", Map.of("le", "2.5")));
        }
    }

    private List<SignedTransaction> transactions(int count) {
        TestNetwork.User publisher = net.user("org1", "publisher");
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> net.transaction(publisher, 100, 1_000)).toList();
    }

    private void appendBlock(List<SignedTransaction> txs) {
        store.append(net.nextBlock(store.tip(), store.frontier(), txs), null);
    }

    private Admission admission(Mempool mempool) {
        return new Admission(net.genesis().chainId(), net.genesis().limits(), net.genesis().membershipValidator(10),
                new BatchVerifier(workers, 2), new LedgerView() {
                    @Override
                    public long committedHeight() {
                        return store.tip().height();
                    }

                    @Override
                    public boolean isCommitted(Hash txId) {
                        return store.containsTransaction(txId);
                    }
                }, mempool, Clock.systemUTC());
    }
}
