package io.meshledger.node.network;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.meshledger.core.DecodingException;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.node.certification.DigestSignature;
import io.meshledger.node.consensus.ConsensusMessage;
import io.meshledger.node.consensus.Proposal;
import io.meshledger.node.consensus.QuorumCertificate;
import io.meshledger.node.consensus.SafetyData;
import io.meshledger.node.consensus.TimeoutCertificate;
import io.meshledger.node.consensus.TimeoutMessage;
import io.meshledger.node.consensus.Vote;
import io.meshledger.proto.v1.SafetyDataRecord;

import java.util.Optional;

/**
 * Converts consensus values to and from their {@code meshledger.v1} wire form.
 *
 * <p>Decoding is the edge: it checks structure only (required fields present,
 * hashes and validator ids 32 bytes, numbers the records accept) and never
 * throws anything but {@link MalformedMessageException}. Signatures, quorums and
 * whether the values make sense for the current round are the verifier's job.
 * Signing hashes are always recomputed from the decoded fields (see
 * {@link CertificateCodec}). A vote's optional {@code digest_signature} has no
 * place in {@link Vote} yet: it is not sent, and ignored when received.
 */
public final class ConsensusCodec {
    private ConsensusCodec() {
    }

    /** The wire bytes of a {@code meshledger.v1.ConsensusMessage}. */
    public static byte[] encode(ConsensusMessage message) {
        return toProto(message).toByteArray();
    }

    /** Decodes a {@code meshledger.v1.ConsensusMessage}. */
    public static ConsensusMessage decode(byte[] bytes) throws MalformedMessageException {
        return fromProto(parse(bytes));
    }

    static io.meshledger.proto.v1.ConsensusMessage parse(byte[] bytes) throws MalformedMessageException {
        try {
            return io.meshledger.proto.v1.ConsensusMessage.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("consensus message is not valid protobuf: " + e.getMessage(), e);
        }
    }

    /** The wire bytes of a digest signature, sent on the consensus stream. */
    public static byte[] encode(DigestSignature signature) {
        return io.meshledger.proto.v1.ConsensusMessage.newBuilder().setDigestSignature(
                io.meshledger.proto.v1.LedgerDigestSignature.newBuilder()
                        .setDigest(UnsafeByteOperations.unsafeWrap(signature.digestBytes().unsafeArray()))
                        .setSignature(signature.signature().toProto())).build().toByteArray();
    }

    static DigestSignature fromProto(io.meshledger.proto.v1.LedgerDigestSignature p) throws MalformedMessageException {
        if (!p.hasSignature()) {
            throw new MalformedMessageException("digest signature has no signature");
        }
        ValidatorSignature signature = CertificateCodec.signature(p.getSignature(), "digest signature");
        try {
            return DigestSignature.decode(p.getDigest().toByteArray(), signature);
        } catch (io.meshledger.core.DecodingException e) {
            throw new MalformedMessageException("digest signature: " + e.getMessage(), e);
        }
    }

    /** The stored form of a commit proof (a {@code meshledger.v1.QuorumCertificate}). */
    public static byte[] encode(QuorumCertificate qc) {
        return CertificateCodec.toProto(qc).toByteArray();
    }

    public static QuorumCertificate decodeQuorumCertificate(byte[] bytes) throws MalformedMessageException {
        try {
            return CertificateCodec.fromProto(io.meshledger.proto.v1.QuorumCertificate.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("quorum certificate is not valid protobuf: " + e.getMessage(), e);
        }
    }

    /** The stored form of a proposal kept until its block commits. */
    public static byte[] encode(Proposal proposal) {
        return toProto(proposal).toByteArray();
    }

    public static Proposal decodeProposal(byte[] bytes) throws MalformedMessageException {
        try {
            return fromProto(io.meshledger.proto.v1.Proposal.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("proposal is not valid protobuf: " + e.getMessage(), e);
        }
    }

    /** The stored form of a validator's safety data. */
    public static byte[] encode(SafetyData data) {
        SafetyDataRecord.Builder b = SafetyDataRecord.newBuilder()
                .setEpoch(data.epoch())
                .setLastVotedRound(data.lastVotedRound())
                .setOneChainRound(data.oneChainRound());
        data.lastVote().ifPresent(v -> b.setLastVote(toProto(v)));
        data.highQc().ifPresent(qc -> b.setHighQc(CertificateCodec.toProto(qc)));
        data.lastTc().ifPresent(tc -> b.setLastTc(CertificateCodec.toProto(tc)));
        return b.build().toByteArray();
    }

    public static SafetyData decodeSafetyData(byte[] bytes) throws MalformedMessageException {
        try {
            SafetyDataRecord r = SafetyDataRecord.parseFrom(bytes);
            return new SafetyData(r.getEpoch(), r.getLastVotedRound(), r.getOneChainRound(),
                    r.hasLastVote() ? Optional.of(fromProto(r.getLastVote())) : Optional.empty(),
                    r.hasHighQc() ? Optional.of(CertificateCodec.fromProto(r.getHighQc())) : Optional.empty(),
                    r.hasLastTc() ? Optional.of(CertificateCodec.fromProto(r.getLastTc())) : Optional.empty());
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            throw new MalformedMessageException("safety data does not decode: " + e.getMessage(), e);
        }
    }

    /** The wire bytes of a {@code meshledger.v1.CertifiedBlock}. */
    public static byte[] encode(CertifiedBlock block) {
        return toProto(block).toByteArray();
    }

    /** Decodes a {@code meshledger.v1.CertifiedBlock}. */
    public static CertifiedBlock decodeCertifiedBlock(byte[] bytes) throws MalformedMessageException {
        try {
            return fromProto(io.meshledger.proto.v1.CertifiedBlock.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("certified block is not valid protobuf: " + e.getMessage(), e);
        }
    }

    static io.meshledger.proto.v1.ConsensusMessage toProto(ConsensusMessage message) {
        var b = io.meshledger.proto.v1.ConsensusMessage.newBuilder();
        switch (message) {
            case Proposal p -> b.setProposal(toProto(p));
            case Vote v -> b.setVote(toProto(v));
            case TimeoutMessage t -> b.setTimeout(toProto(t));
        }
        return b.build();
    }

    static ConsensusMessage fromProto(io.meshledger.proto.v1.ConsensusMessage p) throws MalformedMessageException {
        return switch (p.getKindCase()) {
            case PROPOSAL -> fromProto(p.getProposal());
            case VOTE -> fromProto(p.getVote());
            case TIMEOUT -> fromProto(p.getTimeout());
            case DIGEST_SIGNATURE -> throw new MalformedMessageException("a digest signature is not a consensus message");
            case KIND_NOT_SET -> throw new MalformedMessageException("consensus message has no kind");
        };
    }

    static io.meshledger.proto.v1.Proposal toProto(Proposal proposal) {
        var b = io.meshledger.proto.v1.Proposal.newBuilder()
                .setBlock(proposal.block().toProto())
                .setJustify(CertificateCodec.toProto(proposal.justify()))
                .setProposerSignature(proposal.signature().toProto());
        proposal.timeoutCertificate().ifPresent(tc -> b.setTimeoutCertificate(CertificateCodec.toProto(tc)));
        return b.build();
    }

    static Proposal fromProto(io.meshledger.proto.v1.Proposal p) throws MalformedMessageException {
        try {
            require(p.hasBlock(), "proposal has no block");
            require(p.hasJustify(), "proposal has no justifying QC");
            require(p.hasProposerSignature(), "proposal has no proposer signature");
            Block block = block(p.getBlock());
            QuorumCertificate justify = CertificateCodec.fromProto(p.getJustify());
            Optional<TimeoutCertificate> tc = p.hasTimeoutCertificate()
                    ? Optional.of(CertificateCodec.fromProto(p.getTimeoutCertificate()))
                    : Optional.empty();
            return new Proposal(block, justify, tc,
                    CertificateCodec.signature(p.getProposerSignature(), "proposer signature"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedMessageException("invalid proposal: " + e.getMessage(), e);
        }
    }

    static io.meshledger.proto.v1.Vote toProto(Vote vote) {
        return io.meshledger.proto.v1.Vote.newBuilder()
                .setVoteData(CertificateCodec.encodeVoteData(vote.data()))
                .setSignature(vote.signature().toProto())
                .build();
    }

    static Vote fromProto(io.meshledger.proto.v1.Vote p) throws MalformedMessageException {
        try {
            require(p.hasSignature(), "vote has no signature");
            return new Vote(CertificateCodec.decodeVoteData(p.getVoteData()),
                    CertificateCodec.signature(p.getSignature(), "vote signature"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedMessageException("invalid vote: " + e.getMessage(), e);
        }
    }

    static io.meshledger.proto.v1.TimeoutMessage toProto(TimeoutMessage timeout) {
        var b = io.meshledger.proto.v1.TimeoutMessage.newBuilder()
                .setTimeout(CertificateCodec.toProto(timeout.timeout()))
                .setHighQc(CertificateCodec.toProto(timeout.highQc()));
        timeout.lastTc().ifPresent(tc -> b.setLastTc(CertificateCodec.toProto(tc)));
        return b.build();
    }

    static TimeoutMessage fromProto(io.meshledger.proto.v1.TimeoutMessage p) throws MalformedMessageException {
        try {
            require(p.hasTimeout(), "timeout message has no signed timeout");
            require(p.hasHighQc(), "timeout message has no high QC");
            return new TimeoutMessage(CertificateCodec.fromProto(p.getTimeout()),
                    CertificateCodec.fromProto(p.getHighQc()),
                    p.hasLastTc() ? Optional.of(CertificateCodec.fromProto(p.getLastTc())) : Optional.empty());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedMessageException("invalid timeout message: " + e.getMessage(), e);
        }
    }

    static io.meshledger.proto.v1.CertifiedBlock toProto(CertifiedBlock block) {
        var b = io.meshledger.proto.v1.CertifiedBlock.newBuilder()
                .setBlock(block.block().toProto())
                .setCommitQc(CertificateCodec.toProto(block.commitQc()));
        block.ledgerCertificate().ifPresent(c -> b.setLedgerCertificate(c.toProto()));
        return b.build();
    }

    static CertifiedBlock fromProto(io.meshledger.proto.v1.CertifiedBlock p) throws MalformedMessageException {
        try {
            require(p.hasBlock(), "certified block has no block");
            require(p.hasCommitQc(), "certified block has no commit QC");
            Optional<LedgerCertificate> certificate = p.hasLedgerCertificate()
                    ? Optional.of(LedgerCertificate.fromProto(p.getLedgerCertificate()))
                    : Optional.empty();
            return new CertifiedBlock(block(p.getBlock()), CertificateCodec.fromProto(p.getCommitQc()), certificate);
        } catch (DecodingException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedMessageException("invalid certified block: " + e.getMessage(), e);
        }
    }

    private static Block block(io.meshledger.proto.v1.Block p) throws MalformedMessageException {
        try {
            return Block.fromProto(p);
        } catch (DecodingException | IllegalArgumentException e) {
            throw new MalformedMessageException("invalid block: " + e.getMessage(), e);
        }
    }

    private static void require(boolean present, String reason) throws MalformedMessageException {
        if (!present) {
            throw new MalformedMessageException(reason);
        }
    }
}
