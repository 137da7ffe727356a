package io.meshledger.node.driver;

import io.meshledger.node.consensus.Proposal;
import io.meshledger.node.consensus.SafetyData;

/** Durable consensus state. Both methods return only once the data is fsynced. */
public interface ConsensusPersistence {
    void saveSafetyData(SafetyData data);

    /** Keeps the proposal of an uncommitted block until its height commits. */
    void savePendingBlock(Proposal proposal);
}
