package io.meshledger.core.block;

import com.google.protobuf.UnsafeByteOperations;
import io.meshledger.core.Bytes;
import io.meshledger.core.DecodingException;
import io.meshledger.core.identity.IdentityId;

import java.util.Objects;

/** One validator's signature, naming the validator by certificate fingerprint. */
public record ValidatorSignature(IdentityId validator, Bytes signature) {
    public ValidatorSignature {
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(signature, "signature");
    }

    public io.meshledger.proto.v1.ValidatorSignature toProto() {
        return io.meshledger.proto.v1.ValidatorSignature.newBuilder()
                .setValidatorId(UnsafeByteOperations.unsafeWrap(validator.fingerprint().unsafeArray()))
                .setSignature(UnsafeByteOperations.unsafeWrap(signature.unsafeArray()))
                .build();
    }

    public static ValidatorSignature fromProto(io.meshledger.proto.v1.ValidatorSignature p) {
        if (p.getValidatorId().size() != 32) {
            throw new DecodingException("validator id must be 32 bytes, got " + p.getValidatorId().size());
        }
        return new ValidatorSignature(IdentityId.fromBytes(Bytes.wrap(p.getValidatorId().toByteArray())),
                Bytes.wrap(p.getSignature().toByteArray()));
    }
}
