package io.meshledger.node.network;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.meshledger.core.Bytes;
import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.node.consensus.QuorumCertificate;
import io.meshledger.node.consensus.SignedTimeout;
import io.meshledger.node.consensus.TimeoutCertificate;
import io.meshledger.node.consensus.TimeoutData;
import io.meshledger.node.consensus.VoteData;

import java.util.ArrayList;
import java.util.List;

/**
 * Wire form of what validators sign and of the certificates built from it.
 * {@link VoteData} and {@link TimeoutData} travel as the fields of their
 * protobuf messages (held in a {@code bytes} field); the receiver rebuilds the
 * record from the fields and computes its canonical signing hash itself, so the
 * sender's protobuf encoding is never hashed. Record constructors may throw
 * {@link IllegalArgumentException}; {@link ConsensusCodec} turns that into a
 * {@link MalformedMessageException} at its boundary.
 */
final class CertificateCodec {
    private CertificateCodec() {
    }

    static ByteString encodeVoteData(VoteData d) {
        return io.meshledger.proto.v1.VoteData.newBuilder()
                .setChainId(d.chainId())
                .setEpoch(d.epoch())
                .setRound(d.round())
                .setHeight(d.height())
                .setBlockHash(hash(d.blockHash()))
                .setParentHash(hash(d.parentHash()))
                .setParentRound(d.parentRound())
                .build()
                .toByteString();
    }

    static VoteData decodeVoteData(ByteString bytes) throws MalformedMessageException {
        if (bytes.isEmpty()) {
            throw new MalformedMessageException("vote data is missing");
        }
        io.meshledger.proto.v1.VoteData p;
        try {
            p = io.meshledger.proto.v1.VoteData.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("vote data is not valid protobuf: " + e.getMessage(), e);
        }
        return new VoteData(chainId(p.getChainId(), "vote data"), p.getEpoch(), p.getRound(), p.getHeight(),
                hash(p.getBlockHash(), "vote data block_hash"), hash(p.getParentHash(), "vote data parent_hash"),
                p.getParentRound());
    }

    static ByteString encodeTimeoutData(TimeoutData d) {
        return io.meshledger.proto.v1.TimeoutData.newBuilder()
                .setChainId(d.chainId())
                .setEpoch(d.epoch())
                .setRound(d.round())
                .setHighQcRound(d.highQcRound())
                .build()
                .toByteString();
    }

    static TimeoutData decodeTimeoutData(ByteString bytes) throws MalformedMessageException {
        if (bytes.isEmpty()) {
            throw new MalformedMessageException("timeout data is missing");
        }
        io.meshledger.proto.v1.TimeoutData p;
        try {
            p = io.meshledger.proto.v1.TimeoutData.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("timeout data is not valid protobuf: " + e.getMessage(), e);
        }
        return new TimeoutData(chainId(p.getChainId(), "timeout data"), nonNegative(p.getEpoch(), "timeout epoch"),
                p.getRound(), p.getHighQcRound());
    }

    static io.meshledger.proto.v1.QuorumCertificate toProto(QuorumCertificate qc) {
        var b = io.meshledger.proto.v1.QuorumCertificate.newBuilder().setVoteData(encodeVoteData(qc.data()));
        qc.signatures().forEach(s -> b.addSignatures(s.toProto()));
        return b.build();
    }

    static QuorumCertificate fromProto(io.meshledger.proto.v1.QuorumCertificate p) throws MalformedMessageException {
        List<ValidatorSignature> signatures = new ArrayList<>(p.getSignaturesCount());
        for (var s : p.getSignaturesList()) {
            signatures.add(signature(s, "QC signature"));
        }
        return new QuorumCertificate(decodeVoteData(p.getVoteData()), signatures);
    }

    static io.meshledger.proto.v1.SignedTimeout toProto(SignedTimeout t) {
        return io.meshledger.proto.v1.SignedTimeout.newBuilder()
                .setTimeoutData(encodeTimeoutData(t.data()))
                .setSignature(t.signature().toProto())
                .build();
    }

    static SignedTimeout fromProto(io.meshledger.proto.v1.SignedTimeout p) throws MalformedMessageException {
        if (!p.hasSignature()) {
            throw new MalformedMessageException("signed timeout has no signature");
        }
        return new SignedTimeout(decodeTimeoutData(p.getTimeoutData()), signature(p.getSignature(), "timeout signature"));
    }

    static io.meshledger.proto.v1.TimeoutCertificate toProto(TimeoutCertificate tc) {
        var b = io.meshledger.proto.v1.TimeoutCertificate.newBuilder().setEpoch(tc.epoch()).setRound(tc.round());
        tc.timeouts().forEach(t -> b.addTimeouts(toProto(t)));
        return b.build();
    }

    static TimeoutCertificate fromProto(io.meshledger.proto.v1.TimeoutCertificate p) throws MalformedMessageException {
        List<SignedTimeout> timeouts = new ArrayList<>(p.getTimeoutsCount());
        for (var t : p.getTimeoutsList()) {
            timeouts.add(fromProto(t));
        }
        return new TimeoutCertificate(nonNegative(p.getEpoch(), "TC epoch"), nonNegative(p.getRound(), "TC round"),
                timeouts);
    }

    /** A signature naming a 32-byte validator id and carrying non-empty signature bytes. */
    static ValidatorSignature signature(io.meshledger.proto.v1.ValidatorSignature p, String what)
            throws MalformedMessageException {
        if (p.getValidatorId().size() != Hash.LENGTH) {
            throw new MalformedMessageException(what + ": validator id must be " + Hash.LENGTH + " bytes, got "
                    + p.getValidatorId().size());
        }
        if (p.getSignature().isEmpty()) {
            throw new MalformedMessageException(what + ": signature bytes are missing");
        }
        return new ValidatorSignature(IdentityId.fromBytes(Bytes.wrap(p.getValidatorId().toByteArray())),
                Bytes.wrap(p.getSignature().toByteArray()));
    }

    static Hash hash(ByteString b, String field) throws MalformedMessageException {
        if (b.size() != Hash.LENGTH) {
            throw new MalformedMessageException(field + " must be " + Hash.LENGTH + " bytes, got " + b.size());
        }
        return Hash.of(b.toByteArray());
    }

    private static ByteString hash(Hash h) {
        return UnsafeByteOperations.unsafeWrap(h.unsafeArray());
    }

    private static String chainId(String chainId, String what) throws MalformedMessageException {
        if (chainId.isEmpty()) {
            throw new MalformedMessageException(what + " has no chain id");
        }
        return chainId;
    }

    private static long nonNegative(long value, String what) throws MalformedMessageException {
        if (value < 0) {
            throw new MalformedMessageException(what + " out of range: " + Long.toUnsignedString(value));
        }
        return value;
    }
}
