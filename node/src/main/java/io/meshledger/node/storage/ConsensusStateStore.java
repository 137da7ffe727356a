package io.meshledger.node.storage;

import java.util.Optional;

/**
 * Durable consensus data, kept in the ledger's RocksDB instance: the safety
 * data a validator must find again after a crash, and the commit proofs (the
 * QCs that committed blocks) that let restarted and syncing nodes prove where
 * they stand. Values are opaque bytes encoded by the consensus layer.
 */
public interface ConsensusStateStore {
    /** Replaces the safety data; returns once it is fsynced. */
    void saveSafetyData(byte[] encoded);

    Optional<byte[]> loadSafetyData();

    /**
     * Keeps the proposal of an uncommitted block at {@code height}, fsynced: a
     * validator that voted for it must still have it after a crash.
     */
    void savePendingBlock(long height, byte[] blockHash, byte[] encodedProposal);

    /** Every kept proposal, lowest height first. */
    java.util.List<byte[]> pendingBlocks();

    /** Forgets kept proposals at or below {@code height} (committed, or abandoned forks). */
    void prunePendingBlocks(long height);

    /** The commit proof stored with the block at {@code height}, if that block ended a commit. */
    Optional<byte[]> commitProof(long height);

    /** The highest height at or below {@code height} that has a commit proof. */
    Optional<Long> commitProofHeightAtOrBelow(long height);

    /** The lowest height at or above {@code height} that has a commit proof. */
    Optional<Long> commitProofHeightAtOrAbove(long height);
}
