package io.meshledger.core.block;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.meshledger.core.Bytes;
import io.meshledger.core.DecodingException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Validator signatures over one ledger digest; with {@code 2f+1} valid ones
 * from the right epoch it makes the block's state final for auditors. Check it
 * with {@link io.meshledger.core.validators.ValidatorSet#checkCertificate}.
 *
 * @param digestBytes the encoded digest, exactly as signed
 * @param digest      the decoded digest
 * @param signatures  validator signatures over {@link LedgerDigest#signingHash}
 */
public record LedgerCertificate(Bytes digestBytes, LedgerDigest digest, List<ValidatorSignature> signatures) {
    public LedgerCertificate {
        Objects.requireNonNull(digestBytes, "digestBytes");
        Objects.requireNonNull(digest, "digest");
        signatures = List.copyOf(signatures);
    }

    public static LedgerCertificate of(LedgerDigest digest, List<ValidatorSignature> signatures) {
        return new LedgerCertificate(Bytes.wrap(digest.encode()), digest, signatures);
    }

    public io.meshledger.proto.v1.LedgerCertificate toProto() {
        var b = io.meshledger.proto.v1.LedgerCertificate.newBuilder()
                .setDigest(UnsafeByteOperations.unsafeWrap(digestBytes.unsafeArray()));
        signatures.forEach(s -> b.addSignatures(s.toProto()));
        return b.build();
    }

    public byte[] encode() {
        return toProto().toByteArray();
    }

    public static LedgerCertificate fromProto(io.meshledger.proto.v1.LedgerCertificate p) {
        byte[] digestBytes = p.getDigest().toByteArray();
        List<ValidatorSignature> sigs = new ArrayList<>(p.getSignaturesCount());
        p.getSignaturesList().forEach(s -> sigs.add(ValidatorSignature.fromProto(s)));
        return new LedgerCertificate(Bytes.wrap(digestBytes), LedgerDigest.decode(digestBytes), sigs);
    }

    public static LedgerCertificate decode(byte[] bytes) {
        try {
            return fromProto(io.meshledger.proto.v1.LedgerCertificate.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new DecodingException("ledger certificate is not valid protobuf: " + e.getMessage(), e);
        }
    }
}
