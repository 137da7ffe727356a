package io.meshledger.node.metrics;

import io.meshledger.node.mempool.Admission;
import io.meshledger.node.mempool.RejectReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The node's metrics, read from the counters each stage already keeps (nothing
 * on a hot path takes a lock or allocates for metrics): ledger height,
 * consensus round, mempool size, admissions and rejections by reason code,
 * consensus messages rejected and events dropped, peers, certification, and
 * the JVM's memory, GC, threads and CPU.
 */
public final class NodeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** Where each number comes from. */
    public record Sources(LongSupplier height, LongSupplier round, LongSupplier mempoolSize, Admission admission,
                          LongSupplier consensusRejected, LongSupplier consensusDropped, LongSupplier ingressDropped,
                          LongSupplier peersConnected, BooleanSupplier certifying) {
    }

    public NodeMetrics(String node, Sources s) {
        registry.config().commonTags("node", node);
        gauge("meshledger_ledger_height", "Height of the last committed block", s.height());
        gauge("meshledger_consensus_round", "Current consensus round", s.round());
        gauge("meshledger_mempool_transactions", "Transactions waiting for a block", s.mempoolSize());
        gauge("meshledger_peers_connected", "Validators with a live consensus stream", s.peersConnected());
        Gauge.builder("meshledger_certifying", () -> s.certifying().getAsBoolean() ? 1 : 0)
                .description("1 while this node's ledger digests agree with the quorum's").register(registry);
        FunctionCounter.builder("meshledger_admission_accepted", s.admission(), a -> a.acceptedCount())
                .description("Transactions admitted to the mempool").register(registry);
        for (RejectReason reason : RejectReason.values()) {
            FunctionCounter.builder("meshledger_admission_rejected", s.admission(),
                            a -> a.rejectionCounts().getOrDefault(reason, 0L))
                    .tag("reason", reason.name())
                    .description("Transactions refused at admission, by stable reason code").register(registry);
        }
        counter("meshledger_consensus_rejected_messages", "Consensus messages refused as invalid", s.consensusRejected());
        counter("meshledger_consensus_dropped_events", "Consensus events dropped on a full queue", s.consensusDropped());
        counter("meshledger_peer_ingress_dropped", "Peer messages dropped on a full ingress queue", s.ingressDropped());
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private void gauge(String name, String help, LongSupplier value) {
        Gauge.builder(name, value::getAsLong).description(help).register(registry);
    }

    private void counter(String name, String help, LongSupplier value) {
        FunctionCounter.builder(name, value, LongSupplier::getAsLong).description(help).register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
