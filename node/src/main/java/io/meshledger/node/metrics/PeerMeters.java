package io.meshledger.node.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Peer connectivity: how many other validators have a live consensus stream,
 * and for each of them ({@code peer} tag: its node name) whether it has one
 * (1 or 0) and how often an open one was lost.
 *
 * @param peers     names of the other validators
 * @param connected whether the named peer's consensus stream is open
 * @param losses    times the named peer's open stream was lost
 */
public record PeerMeters(List<String> peers, Predicate<String> connected, ToLongFunction<String> losses)
        implements MeterBinder {
    public PeerMeters {
        peers = List.copyOf(peers);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("meshledger_peers_connected", () -> peers.stream().filter(connected).count())
                .description("Other validators with a live consensus stream").register(registry);
        for (String peer : peers) {
            Gauge.builder("meshledger_peer_connected", () -> connected.test(peer) ? 1 : 0)
                    .tag("peer", peer)
                    .description("1 while this node's consensus stream to the peer is open").register(registry);
            FunctionCounter.builder("meshledger_peer_disconnects", losses, l -> l.applyAsLong(peer))
                    .tag("peer", peer)
                    .description("Times an open consensus stream to the peer was lost").register(registry);
        }
    }
}
