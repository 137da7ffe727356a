package io.meshledger.node.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The node's metric registry, every series tagged with the node's name: the
 * JVM's memory, GC, threads and CPU, plus what the stages' meter binders
 * register ({@link LedgerMeters}, {@link ConsensusMeters}, {@link PeerMeters},
 * {@link StorageMeters}, {@link CommitMeters}). Gauges and function counters
 * read the counters each stage already keeps at scrape time, so nothing on a
 * hot path takes a lock or allocates for metrics.
 */
public final class NodeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public NodeMetrics(String node) {
        // No pause detector: it would start a thread per registry to watch for JVM pauses nobody reads.
        registry.config().commonTags("node", node).pauseDetector(new NoPauseDetector());
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /** Registers the binders' meters. */
    public NodeMetrics bind(MeterBinder... binders) {
        for (MeterBinder binder : binders) {
            binder.bindTo(registry);
        }
        return this;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
