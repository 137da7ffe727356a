package io.meshledger.node.consensus;

import io.meshledger.core.crypto.Hash;

import java.util.List;

/** What travels on the simulated network: consensus messages, block fetches and block-sync replies. */
sealed interface Packet {
    record Message(ConsensusMessage message) implements Packet {
    }

    record FetchRequest(Hash blockHash) implements Packet {
    }

    record FetchReply(Proposal proposal) implements Packet {
    }

    /** Simulated block sync: an honest peer's committed chain and its root (trusted, as if certificate-checked). */
    record SyncReply(List<SimStorage.Stored> chain, CommittedRoot root) implements Packet {
    }
}
