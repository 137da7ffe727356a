package io.meshledger.node.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Consensus and certification: the round, view changes (rounds entered
 * through a timeout certificate) and this node's own round timeouts, refused
 * messages and dropped events, and whether this node still certifies.
 *
 * @param round            the current round
 * @param viewChanges      rounds entered through a timeout certificate
 * @param localTimeouts    rounds in which this node's timer expired
 * @param rejectedMessages consensus messages refused as invalid
 * @param droppedEvents    consensus events dropped on a full queue
 * @param ingressDropped   peer messages dropped on a full ingress queue
 * @param certifying       false once this node's ledger digest diverged from the quorum's
 */
public record ConsensusMeters(LongSupplier round, LongSupplier viewChanges, LongSupplier localTimeouts,
                              LongSupplier rejectedMessages, LongSupplier droppedEvents, LongSupplier ingressDropped,
                              BooleanSupplier certifying) implements MeterBinder {
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("meshledger_consensus_round", round::getAsLong)
                .description("Current consensus round").register(registry);
        counter(registry, "meshledger_consensus_view_changes", viewChanges,
                "Rounds entered through a timeout certificate: the previous round's leader produced no QC");
        counter(registry, "meshledger_consensus_local_timeouts", localTimeouts,
                "Rounds in which this node's round timer expired and it signed a timeout");
        counter(registry, "meshledger_consensus_rejected_messages", rejectedMessages,
                "Consensus messages refused as invalid");
        counter(registry, "meshledger_consensus_dropped_events", droppedEvents,
                "Consensus events dropped on a full queue");
        counter(registry, "meshledger_peer_ingress_dropped", ingressDropped,
                "Peer messages dropped on a full ingress queue");
        Gauge.builder("meshledger_certifying", () -> certifying.getAsBoolean() ? 1 : 0)
                .description("1 while this node's ledger digests agree with the quorum's").register(registry);
    }

    private static void counter(MeterRegistry registry, String name, LongSupplier value, String help) {
        FunctionCounter.builder(name, value, LongSupplier::getAsLong).description(help).register(registry);
    }
}
