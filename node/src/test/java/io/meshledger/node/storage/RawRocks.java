package io.meshledger.node.storage;

import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Direct access to a closed store's RocksDB files, bypassing every check of the
 * ledger store: to corrupt data on purpose and to compare contents byte for byte.
 */
final class RawRocks implements AutoCloseable {
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    private RawRocks(Path directory) throws RocksDBException {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        try (Options options = new Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(options, directory.toString())) {
                descriptors.add(new ColumnFamilyDescriptor(name));
                names.add(new String(name, StandardCharsets.UTF_8));
            }
        }
        db = RocksDB.open(directory.toString(), descriptors, handles);
    }

    static RawRocks open(Path directory) {
        try {
            return new RawRocks(directory);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    void put(ColumnFamily family, byte[] key, byte[] value) {
        try {
            db.put(handle(family), key, value);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] get(ColumnFamily family, byte[] key) {
        try {
            return db.get(handle(family), key);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    void delete(ColumnFamily family, byte[] key) {
        try {
            db.delete(handle(family), key);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every key and value of every column family, in hex. */
    Map<String, Map<String, String>> dump() {
        Map<String, Map<String, String>> all = new TreeMap<>();
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < handles.size(); i++) {
            Map<String, String> family = new TreeMap<>();
            try (RocksIterator it = db.newIterator(handles.get(i))) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    family.put(hex.formatHex(it.key()), hex.formatHex(it.value()));
                }
            }
            all.put(names.get(i), family);
        }
        return all;
    }

    /** Keys of {@code family}, in order. */
    List<byte[]> keys(ColumnFamily family) {
        List<byte[]> keys = new ArrayList<>();
        try (RocksIterator it = db.newIterator(handle(family))) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                keys.add(it.key());
            }
        }
        return keys;
    }

    private ColumnFamilyHandle handle(ColumnFamily family) {
        return handles.get(names.indexOf(family.familyName()));
    }

    @Override
    public void close() {
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
    }

    /** Dumps a closed store's contents. */
    static Map<String, Map<String, String>> dump(Path directory) {
        try (RawRocks raw = open(directory)) {
            return raw.dump();
        }
    }
}
