package io.meshledger.node.metrics;

import io.meshledger.core.crypto.BatchVerifier;
import io.meshledger.core.crypto.Hash;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.config.Endpoint;
import io.meshledger.node.mempool.Admission;
import io.meshledger.node.mempool.LedgerView;
import io.meshledger.node.mempool.Mempool;
import io.meshledger.node.storage.Tip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsServerTest {
    @Test
    void prometheusScrapesShowTheNodesCountersIncludingRejectionsByReason(@TempDir Path dir) throws Exception {
        TestNetwork net = TestNetwork.create(dir, 1, 1);
        ExecutorService workers = Executors.newFixedThreadPool(2);
        Mempool mempool = new Mempool(100, 1 << 20);
        Admission admission = new Admission(net.genesis().chainId(), net.genesis().limits(),
                net.genesis().membershipValidator(10), new BatchVerifier(workers, 2), new LedgerView() {
                    @Override
                    public long committedHeight() {
                        return 5;
                    }

                    @Override
                    public boolean isCommitted(Hash txId) {
                        return false;
                    }
                }, mempool, Clock.systemUTC());
        admission.admitEncoded(List.of(new byte[] {1, 2, 3}, net.transaction(net.user("org1", "publisher"), 10, 50).encode()));
        try (NodeMetrics metrics = new NodeMetrics("node1").bind(
                new LedgerMeters(() -> new Tip(42, Hash.ZERO, 100), mempool::size, mempool::bytes, admission, () -> 0),
                new ConsensusMeters(() -> 7, () -> 0, () -> 0, () -> 3, () -> 0, () -> 0, () -> true));
             MetricsServer server = MetricsServer.start(new Endpoint("127.0.0.1", 0), metrics.registry())) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            String body = r.body();
            assertTrue(body.contains("meshledger_ledger_height{node=\"node1\"} 42"), body);
            assertTrue(body.contains("meshledger_mempool_transactions{node=\"node1\"} 1"), body);
            assertTrue(body.contains("meshledger_admission_rejected_total{node=\"node1\",reason=\"MALFORMED\"} 1"), body);
            assertTrue(body.contains("meshledger_admission_accepted_total{node=\"node1\"} 1"), body);
            assertTrue(body.contains("meshledger_consensus_rejected_messages_total{node=\"node1\"} 3"), body);
            assertTrue(body.contains("jvm_memory_used_bytes"), body);
        } finally {
            workers.shutdownNow();
        }
    }
}
