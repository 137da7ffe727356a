package io.meshledger.node.audit;

import io.meshledger.core.Bytes;
import io.meshledger.core.DecodingException;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.block.LedgerDigest;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.validators.QuorumCheck;
import io.meshledger.core.validators.ValidatorSet;

import java.util.Optional;

/**
 * Checks a stored ledger certificate: it decodes, is for the genesis chain and
 * the validators' epoch, carries a quorum of valid signatures from distinct
 * genesis validators, and its digest names exactly this block (height, hash,
 * accumulator root and count, timestamp) and the state root the audit obtained
 * by re-executing the chain.
 */
final class CertificateCheck {
    private final String chainId;
    private final ValidatorSet validators;

    CertificateCheck(String chainId, ValidatorSet validators) {
        this.chainId = chainId;
        this.validators = validators;
    }

    /** Empty when the certificate is valid for {@code block} executed to {@code executedRoot}, else why not. */
    Optional<String> check(Bytes stored, Block block, Hash executedRoot) {
        LedgerCertificate certificate;
        try {
            certificate = LedgerCertificate.decode(stored.unsafeArray());
        } catch (DecodingException | IllegalArgumentException e) {
            return Optional.of("the stored certificate does not decode: " + e.getMessage());
        }
        if (validators.checkCertificate(chainId, certificate) instanceof QuorumCheck.Invalid invalid) {
            return Optional.of("the certificate is not valid: " + invalid.reason());
        }
        LedgerDigest d = certificate.digest();
        if (d.height() != block.height()) {
            return Optional.of("the certificate stored there certifies height " + d.height());
        }
        if (!d.blockHash().equals(block.hash())) {
            return Optional.of("the certificate names block hash " + d.blockHash() + " but the stored block"
                    + " hashes to " + block.hash());
        }
        if (!d.txAccumulatorRoot().equals(block.header().txAccumulatorRoot()) || d.txCount()
                != block.header().txCountTotal()) {
            return Optional.of("the certificate names accumulator root " + d.txAccumulatorRoot() + " over "
                    + d.txCount() + " transactions but the block says " + block.header().txAccumulatorRoot()
                    + " over " + block.header().txCountTotal());
        }
        if (d.timestampMs() != block.header().timestampMs()) {
            return Optional.of("the certificate names timestamp " + d.timestampMs() + " but the block says "
                    + block.header().timestampMs());
        }
        if (!d.stateRoot().equals(executedRoot)) {
            return Optional.of("the certificate names state root " + d.stateRoot() + " but re-execution gives "
                    + executedRoot);
        }
        return Optional.empty();
    }
}
