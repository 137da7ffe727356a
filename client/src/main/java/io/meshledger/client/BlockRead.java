package io.meshledger.client;

import io.meshledger.core.block.Block;
import io.meshledger.core.block.LedgerCertificate;

import java.util.Objects;
import java.util.Optional;

/**
 * A committed block as a node served it.
 *
 * @param block       the block (its hash is {@link Block#hash()})
 * @param certificate the ledger certificate of its height, when the node has one
 */
public record BlockRead(Block block, Optional<LedgerCertificate> certificate) {
    /** Refuses missing components. */
    public BlockRead {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(certificate, "certificate");
    }
}
