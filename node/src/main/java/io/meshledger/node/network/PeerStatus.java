package io.meshledger.node.network;

import io.meshledger.core.identity.IdentityId;

/**
 * One outbound peer as seen from here, for status and metrics.
 *
 * @param peer               the validator
 * @param name               its node name
 * @param connected          its consensus stream is open
 * @param sent               consensus messages written to its stream
 * @param queued             consensus messages waiting in its queue
 * @param queuedBytes        bytes of those messages
 * @param dropped            consensus messages dropped because its queue was full
 * @param batchesSent        transaction batches written to it
 * @param batchesDropped     transaction batches dropped because its queue was full
 * @param connectionAttempts streams opened to it, the first included
 * @param losses             times its open consensus stream was lost
 */
public record PeerStatus(IdentityId peer, String name, boolean connected, long sent, int queued, long queuedBytes,
                         long dropped, long batchesSent, long batchesDropped, long connectionAttempts, long losses) {
}
