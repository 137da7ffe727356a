package io.meshledger.node.consensus;

/** A message between validators. Reaches the core only after {@code MessageVerifier} checked it. */
public sealed interface ConsensusMessage permits Proposal, Vote, TimeoutMessage {
    /** The round the message is about. */
    long round();
}
