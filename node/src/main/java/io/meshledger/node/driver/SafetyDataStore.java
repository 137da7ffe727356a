package io.meshledger.node.driver;

import io.meshledger.node.consensus.SafetyData;

/** Durable safety data. {@link #save} returns only once the data is fsynced. */
public interface SafetyDataStore {
    void save(SafetyData data);
}
