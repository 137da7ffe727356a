package io.meshledger.tests;

import com.google.protobuf.ByteString;
import io.meshledger.client.BlockingSubscription;
import io.meshledger.client.LedgerClient;
import io.meshledger.client.ResumableSubscription;
import io.meshledger.client.StreamOptions;
import io.meshledger.client.TransactionFactory;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.proto.v1.AttestArgs;
import io.meshledger.proto.v1.EventCursor;
import io.meshledger.proto.v1.EventEnvelope;
import io.meshledger.proto.v1.SubscribeEventsRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One event subscriber, on the SDK's resumable subscription, while 2,000
 * attestations commit on a 4-node network: its stream is cut five times (two
 * {@code kill -9} of the node it reads from, one graceful stop of it, two
 * client-side drops), each time mid-stream, and it still receives exactly the
 * 2,000 events, in ledger order, none twice, none missing.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StreamE2ETest {
    private static final int TRANSACTIONS = 2_000;
    private static final int BATCH = 100;
    private static final Duration PROGRESS = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    @RegisterExtension
    static final LocalCluster cluster = new LocalCluster(4);

    @Test
    void aSubscriberCutFiveTimesIncludingByKillingItsNodeReceivesEveryEventOnceInOrder() throws Exception {
        cluster.init(dir).startAll();
        for (int i = 0; i < cluster.size(); i++) {
            cluster.awaitUp(i, Duration.ofSeconds(60));
        }
        cluster.awaitHeight(cluster.allNodes(), 1, Duration.ofSeconds(60));
        List<LedgerClient.Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            var api = cluster.config(i).apiListen();
            endpoints.add(new LedgerClient.Endpoint(api.host(), api.port()));
        }
        List<SignedTransaction> txs = attestations(cluster.height(0));

        List<EventEnvelope> received = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        ResumableSubscription<EventEnvelope> subscription = ResumableSubscription.events(
                StreamOptions.of(endpoints).withRetries(Duration.ofMillis(100), Duration.ofSeconds(1), 300),
                SubscribeEventsRequest.newBuilder().setContract("attestation").setType("HashAttested").build());
        Thread reader = new Thread(() -> read(subscription.iterator(512), received, readerFailure), "e2e-subscriber");
        reader.setDaemon(true);
        reader.start();

        List<Consumer<Integer>> cuts = List.of(
                node -> cluster.restart(node),                       // kill -9, then start it again
                node -> subscription.reconnect(),
                node -> {
                    cluster.stop(node, Duration.ofSeconds(20));       // SIGTERM: the node ends its streams
                    cluster.start(node);
                },
                node -> subscription.reconnect(),
                node -> cluster.restart(node));
        try (LedgerClient submitter = new LedgerClient(endpoints, Duration.ofSeconds(10))) {
            int batches = TRANSACTIONS / BATCH;
            int cut = 0;
            for (int b = 0; b < batches; b++) {
                submitter.submitBatch(txs.subList(b * BATCH, (b + 1) * BATCH));
                if (b % 3 == 2 && cut < cuts.size()) {
                    // Cut only a stream that is flowing, and keep at most one node down.
                    awaitMore(received, received.size(), readerFailure, subscription);
                    int node = indexOf(endpoints, subscription.currentEndpoint());
                    long before = subscription.reconnections();
                    cuts.get(cut++).accept(node);
                    LocalCluster.waitUntil("the subscriber to reconnect after cut " + cut, PROGRESS,
                            () -> subscription.reconnections() > before);
                    cluster.awaitUp(node, Duration.ofSeconds(60));
                }
            }
            assertEquals(cuts.size(), cut, "every cut happened");

            // Transactions a killed node held only in its mempool are lost; resubmitting is idempotent.
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (received.size() < TRANSACTIONS && System.nanoTime() < deadline && readerFailure.get() == null) {
                LocalCluster.sleep(Duration.ofSeconds(3));
                Set<Hash> seen = txIds(received);
                List<SignedTransaction> missing = txs.stream().filter(t -> !seen.contains(t.id())).toList();
                for (int from = 0; from < missing.size(); from += BATCH) {
                    submitter.submitBatch(missing.subList(from, Math.min(missing.size(), from + BATCH)));
                }
            }
        }
        LocalCluster.sleep(Duration.ofSeconds(2));
        subscription.close();
        reader.join(10_000);
        if (readerFailure.get() != null) {
            throw new AssertionError("the subscription failed", readerFailure.get());
        }

        List<EventEnvelope> events = List.copyOf(received);
        assertEquals(TRANSACTIONS, events.size(), "events received (after " + subscription.reconnections()
                + " reconnections; heights " + cluster.heights() + ")");
        for (int i = 1; i < events.size(); i++) {
            assertTrue(compare(events.get(i - 1).getCursor(), events.get(i).getCursor()) < 0,
                    "cursor " + i + " does not follow the one before: " + events.get(i - 1).getCursor() + " then "
                            + events.get(i).getCursor());
        }
        assertEquals(txs.stream().map(SignedTransaction::id).collect(java.util.stream.Collectors.toSet()),
                txIds(events), "the events are those of the 2,000 attestations");
        assertTrue(subscription.reconnections() >= cuts.size(), "reconnections: " + subscription.reconnections());
    }

    private List<SignedTransaction> attestations(long height) {
        SecureRandom random = new SecureRandom();
        List<TransactionFactory> factories = List.of(
                new TransactionFactory(cluster.chainId(), cluster.user("org1", "publisher"), random),
                new TransactionFactory(cluster.chainId(), cluster.user("org2", "publisher"), random));
        List<SignedTransaction> txs = new ArrayList<>(TRANSACTIONS);
        for (int i = 0; i < TRANSACTIONS; i++) {
            byte[] hash = new byte[32];
            random.nextBytes(hash);
            AttestArgs args = AttestArgs.newBuilder().setHash(ByteString.copyFrom(hash)).setClaim("e2e " + i).build();
            txs.add(factories.get(i % 2).create("attestation", "attest", args.toByteArray(), height + 5_000));
        }
        return txs;
    }

    private static void read(BlockingSubscription<EventEnvelope> items, List<EventEnvelope> into,
                             AtomicReference<Throwable> failure) {
        try (items) {
            while (!items.ended()) {
                items.poll(Duration.ofSeconds(1)).ifPresent(into::add);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.set(e);
        }
    }

    private static void awaitMore(List<EventEnvelope> received, int than, AtomicReference<Throwable> failure,
                                  ResumableSubscription<EventEnvelope> subscription) {
        LocalCluster.waitUntil("the subscriber to receive more than " + than + " events", PROGRESS,
                () -> received.size() > than || failure.get() != null,
                () -> "(reading from " + subscription.currentEndpoint() + " after " + subscription.position()
                        + ", " + subscription.reconnections() + " reconnections; heights " + cluster.heights() + ")");
    }

    private static int indexOf(List<LedgerClient.Endpoint> endpoints, LedgerClient.Endpoint e) {
        int i = endpoints.indexOf(e);
        if (i < 0) {
            throw new AssertionError(e + " is not one of " + endpoints);
        }
        return i;
    }

    private static Set<Hash> txIds(List<EventEnvelope> events) {
        Set<Hash> ids = new HashSet<>();
        synchronized (events) {
            for (EventEnvelope e : events) {
                ids.add(Hash.of(e.getTxId().toByteArray()));
            }
        }
        return ids;
    }

    private static int compare(EventCursor a, EventCursor b) {
        int c = Long.compare(a.getHeight(), b.getHeight());
        if (c == 0) {
            c = Integer.compareUnsigned(a.getTxIndex(), b.getTxIndex());
        }
        return c != 0 ? c : Integer.compareUnsigned(a.getEventIndex(), b.getEventIndex());
    }
}
