package io.meshledger.node.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.function.LongSupplier;

/**
 * Block sync: how many blocks this node took from its peers' certified blocks
 * instead of its own consensus, which is how a new, restarted or partitioned
 * node catches up.
 *
 * @param syncedBlocks blocks stored through block sync since the node started
 */
public record SyncMeters(LongSupplier syncedBlocks) implements MeterBinder {
    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("meshledger_sync_blocks", syncedBlocks, LongSupplier::getAsLong)
                .description("Blocks fetched from peers and stored by block sync since the node started")
                .register(registry);
    }
}
