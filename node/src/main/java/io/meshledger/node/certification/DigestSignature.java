package io.meshledger.node.certification;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.LedgerDigest;
import io.meshledger.core.block.ValidatorSignature;

import java.util.Objects;

/**
 * One validator's signature over the ledger digest it computed after
 * executing a block: the encoded digest bytes exactly as signed, the decoded
 * digest, and the signature over {@link LedgerDigest#signingHash}.
 */
public record DigestSignature(Bytes digestBytes, LedgerDigest digest, ValidatorSignature signature) {
    public DigestSignature {
        Objects.requireNonNull(digestBytes, "digestBytes");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(signature, "signature");
    }

    public static DigestSignature decode(byte[] digestBytes, ValidatorSignature signature) {
        return new DigestSignature(Bytes.of(digestBytes), LedgerDigest.decode(digestBytes), signature);
    }

    public long height() {
        return digest.height();
    }
}
