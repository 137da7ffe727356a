package io.meshledger.node.storage;

import io.meshledger.core.Bytes;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Every entry of one {@link StateFamily}, in key order (unsigned bytewise), from
 * one consistent view of the store. Close it to release the native cursor.
 */
public final class StateEntries implements Iterator<StateEntry>, AutoCloseable {
    private final StateFamily family;
    private final RocksDatabase.OpenCursor cursor;

    StateEntries(StateFamily family, RocksDatabase db) {
        this.family = family;
        this.cursor = db.openCursor(family.columnFamily());
    }

    @Override
    public boolean hasNext() {
        return cursor.key() != null;
    }

    /** @throws StorageException if RocksDB cannot read on */
    @Override
    public StateEntry next() {
        byte[] key = cursor.key();
        if (key == null) {
            throw new NoSuchElementException("no more " + family.description() + " entries");
        }
        StateEntry entry = new StateEntry(family, Bytes.wrap(key), Bytes.wrap(cursor.value()));
        cursor.next();
        return entry;
    }

    @Override
    public void close() {
        cursor.close();
    }
}
