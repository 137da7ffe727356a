package io.meshledger.node.network;

import io.meshledger.node.config.Endpoint;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the peer server.
 *
 * @param listen             address to bind ({@code peer_listen}); port 0 picks a free port
 * @param malformedThreshold malformed messages after which a peer's stream is cut off
 * @param cutOffFor          how long a cut-off peer may open no new stream
 * @param maxMessageBytes    largest inbound message accepted
 * @param maxFetchBlocks     most blocks served per FetchBlocks call, whatever the caller asks
 * @param fetchThreads       threads serving fetches from the {@link BlockSource}
 * @param fetchQueue         fetches waiting for a thread before new ones are refused
 * @param shutdownGrace      how long close waits for calls to finish before cancelling them
 */
public record PeerServerOptions(Endpoint listen, int malformedThreshold, Duration cutOffFor, int maxMessageBytes,
                                int maxFetchBlocks, int fetchThreads, int fetchQueue, Duration shutdownGrace) {
    public PeerServerOptions {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(cutOffFor, "cutOffFor");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (malformedThreshold < 1 || maxMessageBytes < 1024 || maxFetchBlocks < 1 || fetchThreads < 1
                || fetchQueue < 1) {
            throw new IllegalArgumentException("peer server limits must be positive (message size >= 1024): threshold="
                    + malformedThreshold + " maxMessageBytes=" + maxMessageBytes + " maxFetchBlocks=" + maxFetchBlocks
                    + " fetchThreads=" + fetchThreads + " fetchQueue=" + fetchQueue);
        }
    }

    /** Defaults for a node listening on {@code listen}. */
    public static PeerServerOptions defaults(Endpoint listen) {
        return new PeerServerOptions(listen, 10, Duration.ofSeconds(30), 64 * 1024 * 1024, 64, 2, 32,
                Duration.ofSeconds(1));
    }

    public PeerServerOptions withMalformedThreshold(int threshold, Duration cutOff) {
        return new PeerServerOptions(listen, threshold, cutOff, maxMessageBytes, maxFetchBlocks, fetchThreads,
                fetchQueue, shutdownGrace);
    }

    public PeerServerOptions withShutdownGrace(Duration grace) {
        return new PeerServerOptions(listen, malformedThreshold, cutOffFor, maxMessageBytes, maxFetchBlocks,
                fetchThreads, fetchQueue, grace);
    }
}
