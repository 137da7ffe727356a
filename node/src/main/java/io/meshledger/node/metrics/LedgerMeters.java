package io.meshledger.node.metrics;

import io.meshledger.node.mempool.Admission;
import io.meshledger.node.mempool.RejectReason;
import io.meshledger.node.storage.Tip;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The ledger and the way in: committed height and transactions, the mempool,
 * and admissions with rejections by stable reason code.
 *
 * @param tip          the ledger's tip (height and transactions up to it)
 * @param mempoolSize  transactions waiting for a block
 * @param mempoolBytes their encoded bytes
 * @param admission    the admission counters
 * @param proposalSignatures transaction signatures verified in proposals (not trusted from the mempool)
 */
public record LedgerMeters(Supplier<Tip> tip, LongSupplier mempoolSize, LongSupplier mempoolBytes,
                           Admission admission, LongSupplier proposalSignatures) implements MeterBinder {
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("meshledger_ledger_height", () -> tip.get().height())
                .description("Height of the last committed block").register(registry);
        FunctionCounter.builder("meshledger_committed_transactions", tip, t -> t.get().txCount())
                .description("Transactions in the ledger up to its tip (failed ones included: they keep their slot)")
                .register(registry);
        Gauge.builder("meshledger_mempool_transactions", mempoolSize::getAsLong)
                .description("Transactions waiting for a block").register(registry);
        Gauge.builder("meshledger_mempool_bytes", mempoolBytes::getAsLong)
                .description("Encoded bytes of the transactions waiting for a block").register(registry);
        FunctionCounter.builder("meshledger_admission_accepted", admission, Admission::acceptedCount)
                .description("Transactions admitted to the mempool").register(registry);
        // Co-verification shows here: with n = 4, each node verifies about half the transactions, not all.
        FunctionCounter.builder("meshledger_signatures_verified", admission, Admission::signaturesVerified)
                .tag("where", "admission")
                .description("Transaction signatures this node verified itself: clients' and co-verified batches")
                .register(registry);
        FunctionCounter.builder("meshledger_signatures_verified", proposalSignatures, LongSupplier::getAsLong)
                .tag("where", "proposal")
                .description("Transaction signatures verified in proposals, for transactions this node did not trust")
                .register(registry);
        for (RejectReason reason : RejectReason.values()) {
            FunctionCounter.builder("meshledger_admission_rejected", admission,
                            a -> a.rejectionCounts().getOrDefault(reason, 0L))
                    .tag("reason", reason.name())
                    .description("Transactions refused at admission, by stable reason code").register(registry);
        }
    }
}
