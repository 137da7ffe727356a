/**
 * Consensus: Jolteon (2-chain HotStuff) as a pure state machine.
 * <p>
 * {@link io.meshledger.node.consensus.ConsensusCore} takes
 * {@link io.meshledger.node.consensus.ConsensusEvent}s and returns
 * {@link io.meshledger.node.consensus.ConsensusAction}s for a driver to perform
 * on one event-loop thread, persisting safety data before sending what it
 * protects. Inside: {@link io.meshledger.node.consensus.SafetyRules} (the only
 * holder of the signing key and of the voting rules), the pacemaker (rounds and
 * back-off), leader election, the block tree (pending blocks, certificates,
 * commit rule), vote and timeout collectors, and proposal validation.
 * {@link io.meshledger.node.consensus.MessageVerifier} checks signatures and
 * certificates at the edge, before a message becomes an event.
 * <p>
 * Nothing here uses threads, clocks, files, sockets, protobuf, gRPC, RocksDB or
 * unseeded randomness (an ArchUnit test enforces it); time enters only as the
 * timestamp of {@link io.meshledger.node.consensus.ConsensusEvent.PayloadReady}.
 * The message records here are also the values the peer transport encodes.
 */
package io.meshledger.node.consensus;
