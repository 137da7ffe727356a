package io.meshledger.node;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshledger.node.consensus.QuorumCertificate;
import io.meshledger.node.consensus.SafetyData;
import io.meshledger.node.network.ConsensusCodec;
import io.meshledger.node.network.MalformedMessageException;
import io.meshledger.node.storage.StoreCorruptedException;
import io.meshledger.proto.v1.SafetyDataRecord;

import java.util.Optional;

/**
 * How consensus data is written to the ledger store: safety data and commit
 * proofs, in the same protobuf forms as on the wire. A record that no longer
 * decodes means the store is damaged.
 */
final class PersistedConsensus {
    private PersistedConsensus() {
    }

    static byte[] encode(SafetyData data) {
        SafetyDataRecord.Builder b = SafetyDataRecord.newBuilder()
                .setEpoch(data.epoch())
                .setLastVotedRound(data.lastVotedRound())
                .setOneChainRound(data.oneChainRound());
        data.lastVote().ifPresent(v -> b.setLastVote(ConsensusCodec.toProto(v)));
        return b.build().toByteArray();
    }

    static SafetyData decodeSafetyData(byte[] bytes) {
        try {
            SafetyDataRecord r = SafetyDataRecord.parseFrom(bytes);
            return new SafetyData(r.getEpoch(), r.getLastVotedRound(), r.getOneChainRound(),
                    r.hasLastVote() ? Optional.of(ConsensusCodec.fromProto(r.getLastVote())) : Optional.empty());
        } catch (InvalidProtocolBufferException | MalformedMessageException | IllegalArgumentException e) {
            throw StoreCorruptedException.general("stored safety data does not decode: " + e.getMessage(), e);
        }
    }

    static byte[] encodeCommitProof(QuorumCertificate qc) {
        return ConsensusCodec.encode(qc);
    }

    static QuorumCertificate decodeCommitProof(byte[] bytes) {
        try {
            return ConsensusCodec.decodeQuorumCertificate(bytes);
        } catch (MalformedMessageException e) {
            throw StoreCorruptedException.general("stored commit proof does not decode: " + e.getMessage(), e);
        }
    }
}
