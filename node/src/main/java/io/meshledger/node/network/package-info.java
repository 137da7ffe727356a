/**
 * The peer-to-peer transport between validators, and the only code in the node
 * that speaks gRPC to peers: the wire codec for consensus messages
 * ({@link io.meshledger.node.network.ConsensusCodec}), mutual TLS with the node
 * certificates and validator pinning ({@link io.meshledger.node.network.PeerTls}),
 * the inbound server ({@link io.meshledger.node.network.PeerServer}) that decodes
 * at the edge, cuts off peers sending malformed messages and hands values to the
 * node through the {@link io.meshledger.node.network.PeerInbox} and
 * {@link io.meshledger.node.network.BlockSource} ports, and the outbound clients
 * ({@link io.meshledger.node.network.PeerClients}) with bounded per-peer queues,
 * batched transaction forwarding (naming co-verifiers, carrying vouches) and reconnection with capped, jittered back-off.
 *
 * <p>Delivery is at most once: a message queued for a peer that is down, or in
 * flight when a stream breaks, may be lost. Consensus tolerates loss; nothing
 * here retries a message.
 */
package io.meshledger.node.network;
