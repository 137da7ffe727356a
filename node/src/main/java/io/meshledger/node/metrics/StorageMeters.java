package io.meshledger.node.metrics;

import io.meshledger.node.storage.RocksLedgerStore;
import io.meshledger.node.storage.StorageSize;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Map;

/**
 * RocksDB's size estimates per column family ({@code family} tag): SST bytes
 * on disk, live data, memtables. Read from RocksDB properties at scrape time
 * (no disk access); NaN once the store is closed, so a scrape racing a
 * shutdown is safe.
 */
public record StorageMeters(RocksLedgerStore store) implements MeterBinder {
    private static final Map<StorageSize, String[]> SERIES = Map.of(
            StorageSize.SST_FILES, new String[] {"meshledger_rocksdb_sst_bytes",
                    "Bytes of the column family's SST files on disk"},
            StorageSize.LIVE_DATA, new String[] {"meshledger_rocksdb_live_data_bytes",
                    "RocksDB's estimate of the column family's live data"},
            StorageSize.MEMTABLES, new String[] {"meshledger_rocksdb_memtable_bytes",
                    "Bytes in the column family's memtables, not yet flushed"});

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String family : RocksLedgerStore.familyNames()) {
            for (StorageSize size : StorageSize.values()) {
                String[] series = SERIES.get(size);
                Gauge.builder(series[0], () -> {
                            var value = store.size(family, size);
                            return value.isPresent() ? value.getAsLong() : Double.NaN;
                        })
                        .tag("family", family).description(series[1]).register(registry);
            }
        }
    }
}
