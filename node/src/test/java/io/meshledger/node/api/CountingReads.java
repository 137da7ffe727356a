package io.meshledger.node.api;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.receipt.Receipt;
import io.meshledger.node.storage.StateStore;
import io.meshledger.node.storage.StoredTreeNode;
import io.meshledger.node.storage.StoredValue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** A real state store that counts the blocks of receipts read from it: how a test sees whether streaming reads. */
final class CountingReads implements StateStore {
    private final StateStore store;
    private final AtomicLong receiptReads = new AtomicLong();

    CountingReads(StateStore store) {
        this.store = store;
    }

    long receiptReads() {
        return receiptReads.get();
    }

    @Override
    public List<Receipt> receipts(long height) {
        receiptReads.incrementAndGet();
        return store.receipts(height);
    }

    @Override
    public Optional<StoredValue> stateValue(String contract, byte[] key, long height) {
        return store.stateValue(contract, key, height);
    }

    @Override
    public List<StoredValue> scanState(String contract, byte[] prefix, byte[] startAfter, int limit, long height) {
        return store.scanState(contract, prefix, startAfter, limit, height);
    }

    @Override
    public List<StoredValue> stateHistory(String contract, byte[] key, long fromHeight, int limit) {
        return store.stateHistory(contract, key, fromHeight, limit);
    }

    @Override
    public Optional<Receipt> receipt(long height, int index) {
        return store.receipt(height, index);
    }

    @Override
    public Optional<Hash> stateRoot(long height) {
        return store.stateRoot(height);
    }

    @Override
    public Optional<StoredTreeNode> storedTreeNode(byte[] key) {
        return store.storedTreeNode(key);
    }
}
