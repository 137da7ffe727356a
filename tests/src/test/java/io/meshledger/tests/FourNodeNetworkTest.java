package io.meshledger.tests;

import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.proto.v1.StatusResponse;
import io.meshledger.proto.v1.TransactionState;
import io.meshledger.proto.v1.TransactionStatusResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Four node processes; 1,000 signed transactions submitted through all four
 * client endpoints; every node commits every one of them exactly once, in the
 * same order, in identical blocks that each carry a valid ledger certificate.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FourNodeNetworkTest {
    private static final int TRANSACTIONS = 1_000;

    @TempDir
    static Path dir;

    @RegisterExtension
    static final LocalCluster cluster = new LocalCluster(4);

    @Test
    void everyNodeCommitsAThousandTransactionsOnceInTheSameOrderInIdenticalCertifiedBlocks() {
        cluster.init(dir).startAll();
        for (int i = 0; i < cluster.size(); i++) {
            cluster.awaitUp(i, Duration.ofSeconds(60));
        }
        cluster.awaitHeight(cluster.allNodes(), 1, Duration.ofSeconds(60));

        Load load = new Load(cluster);
        long seen = cluster.allNodes().stream().mapToLong(cluster::height).max().orElseThrow();
        List<SignedTransaction> txs = load.transactions(TRANSACTIONS, seen);
        load.submitRoundRobin(txs, 50, cluster.allNodes());

        // Every node answers COMMITTED for every transaction, at the same place.
        Map<Hash, String> locations = new HashMap<>();
        for (int node : cluster.allNodes()) {
            Set<Hash> pending = new LinkedHashSet<>();
            txs.forEach(tx -> pending.add(tx.id()));
            LocalCluster.waitUntil(cluster.name(node) + " reports all " + TRANSACTIONS + " transactions committed",
                    Duration.ofSeconds(90), () -> {
                        pending.removeIf(id -> {
                            TransactionStatusResponse r = cluster.client(node).transactionStatus(id);
                            if (r.getState() != TransactionState.COMMITTED) {
                                return false;
                            }
                            String where = r.getLocation().getHeight() + "/" + r.getLocation().getIndex() + "/"
                                    + r.getLocation().getGlobalIndex();
                            String before = locations.putIfAbsent(id, where);
                            assertTrue(before == null || before.equals(where), "transaction " + id + " is at " + where
                                    + " on " + cluster.name(node) + " but at " + before + " on another node");
                            return true;
                        });
                        return pending.isEmpty();
                    }, () -> "(" + pending.size() + " not committed; heights " + cluster.heights() + ")");
        }
        long lastTxHeight = locations.values().stream().mapToLong(s -> Long.parseLong(s.split("/")[0])).max()
                .orElseThrow();

        // Certification trails commits by a block or two: wait until it covers every transaction everywhere.
        LocalCluster.waitUntil("every node certified height " + lastTxHeight, Duration.ofSeconds(60),
                () -> cluster.allNodes().stream().allMatch(i -> certifiedHeight(i) >= lastTxHeight),
                () -> "(heights " + cluster.heights() + ")");
        long certifiedEverywhere = cluster.allNodes().stream().mapToLong(FourNodeNetworkTest::certifiedHeight).min()
                .orElseThrow();

        Chains chains = new Chains(cluster);
        List<Hash> referenceHashes = null;
        List<Hash> referenceOrder = null;
        List<io.meshledger.core.Bytes> referenceDigests = null;
        for (int node : cluster.allNodes()) {
            List<Hash> hashes = new ArrayList<>();
            List<Hash> order = new ArrayList<>();
            List<io.meshledger.core.Bytes> digests = new ArrayList<>();
            for (long h = 1; h <= certifiedEverywhere; h++) {
                long height = h;
                Chains.Served b = chains.block(node, h)
                        .orElseThrow(() -> new AssertionError(cluster.name(node) + " has no block " + height));
                hashes.add(b.block().hash());
                b.block().transactions().forEach(tx -> order.add(tx.id()));
                chains.assertCertified(node, h);
                digests.add(b.certificate().orElseThrow().digestBytes());
            }
            if (referenceHashes == null) {
                referenceHashes = hashes;
                referenceOrder = order;
                referenceDigests = digests;
            } else {
                // Signer sets may differ (any 3 of 4); what they certify must not.
                for (int h = 0; h < certifiedEverywhere; h++) {
                    assertEquals(referenceDigests.get(h), digests.get(h), "certified ledger digest at height "
                            + (h + 1) + " of " + cluster.name(node) + " differs from " + cluster.name(0) + "'s");
                }
                for (int h = 0; h < certifiedEverywhere; h++) {
                    assertEquals(referenceHashes.get(h), hashes.get(h), "block hash at height " + (h + 1) + " of "
                            + cluster.name(node) + " differs from " + cluster.name(0) + "'s");
                }
                assertEquals(referenceOrder, order, "transaction order of " + cluster.name(node));
            }
        }

        // Exactly once: no transaction twice in the chain, and every submitted one present.
        Set<Hash> distinct = new HashSet<>(referenceOrder);
        assertEquals(referenceOrder.size(), distinct.size(), "a transaction was committed twice");
        for (SignedTransaction tx : txs) {
            assertTrue(distinct.contains(tx.id()), "transaction " + tx.id() + " is missing from blocks 1.."
                    + certifiedEverywhere);
        }
        assertEquals(TRANSACTIONS, referenceOrder.size(), "the chain holds exactly the submitted transactions");
        System.out.printf("committed %d transactions in blocks 1..%d, certified and identical on %d nodes%n",
                TRANSACTIONS, certifiedEverywhere, cluster.size());
    }

    private static long certifiedHeight(int node) {
        return cluster.status(node).filter(StatusResponse::hasLastCertificate)
                .map(s -> LedgerCertificate.fromProto(s.getLastCertificate()).digest().height()).orElse(-1L);
    }
}
