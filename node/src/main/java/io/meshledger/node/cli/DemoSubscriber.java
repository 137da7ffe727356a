package io.meshledger.node.cli;

import io.meshledger.client.BlockingSubscription;
import io.meshledger.client.ClientIdentity;
import io.meshledger.client.LedgerClient;
import io.meshledger.client.ReadAuthoriser;
import io.meshledger.client.ResumableSubscription;
import io.meshledger.client.StreamOptions;
import io.meshledger.client.TransactionFactory;
import io.meshledger.proto.v1.EventEnvelope;
import io.meshledger.proto.v1.SubscribeEventsRequest;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's live subscriber: streams every event the identity may read, on
 * its own thread, and prints each as it commits. It is the SDK's resumable
 * subscription, so when its node is killed it carries on from another node
 * after the last event it printed.
 */
final class DemoSubscriber implements AutoCloseable {
    private static final long AUTH_VALIDITY_BLOCKS = 100;

    private final ResumableSubscription<EventEnvelope> subscription;
    private final BlockingSubscription<EventEnvelope> events;
    private final Thread reader;
    private final AtomicLong printed = new AtomicLong();
    private volatile boolean closing;

    DemoSubscriber(List<LedgerClient.Endpoint> endpoints, String chainId, ClientIdentity identity, DemoConsole console) {
        StreamOptions options = StreamOptions.of(endpoints)
                .withAuthoriser(ReadAuthoriser.signing(new TransactionFactory(chainId, identity, new SecureRandom()),
                        AUTH_VALIDITY_BLOCKS))
                .withRetries(Duration.ofMillis(200), Duration.ofSeconds(2), 50);
        subscription = ResumableSubscription.events(options, SubscribeEventsRequest.getDefaultInstance());
        events = subscription.iterator();
        reader = new Thread(() -> read(console), "demo-subscriber");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(DemoConsole console) {
        try {
            while (events.hasNext()) {
                EventEnvelope e = events.next();
                console.event(String.format("event at height %d: %s.%s %s", e.getCursor().getHeight(),
                        e.getEvent().getContract(), e.getEvent().getType(),
                        e.getEvent().getKey().toString(StandardCharsets.UTF_8)));
                printed.incrementAndGet();
            }
        } catch (RuntimeException e) {
            if (!closing) {
                console.event("the subscription ended: " + java.util.Objects.requireNonNullElse(
                        LedgerClient.describe(e), e.toString()));
            }
        }
    }

    long printed() {
        return printed.get();
    }

    /** The node endpoint the stream currently reads from. */
    LedgerClient.Endpoint endpoint() {
        return subscription.currentEndpoint();
    }

    long reconnections() {
        return subscription.reconnections();
    }

    /** Waits (bounded) until the subscriber has printed at least {@code count} events. */
    boolean awaitPrinted(long count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (printed.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return printed.get() >= count;
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        events.close();
        subscription.close();
        reader.join(5_000);
    }
}
