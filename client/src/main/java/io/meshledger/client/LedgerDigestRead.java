package io.meshledger.client;

import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.crypto.Hash;

import java.util.Objects;

/**
 * The certified ledger digest of a height.
 *
 * @param certificate       the digest and the validators' signatures over it
 * @param blockHash         the certified block's hash
 * @param txAccumulatorRoot root of every transaction up to that block
 * @param txCount           how many transactions the accumulator holds
 */
public record LedgerDigestRead(LedgerCertificate certificate, Hash blockHash, Hash txAccumulatorRoot, long txCount) {
    /** Refuses missing components. */
    public LedgerDigestRead {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(txAccumulatorRoot, "txAccumulatorRoot");
    }
}
