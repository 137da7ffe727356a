package io.meshledger.node;

import io.meshledger.node.consensus.Proposal;
import io.meshledger.node.consensus.QuorumCertificate;
import io.meshledger.node.consensus.SafetyData;
import io.meshledger.node.network.ConsensusCodec;
import io.meshledger.node.network.MalformedMessageException;
import io.meshledger.node.storage.StoreCorruptedException;


/**
 * How consensus data is written to the ledger store: safety data and commit
 * proofs, in the same protobuf forms as on the wire. A record that no longer
 * decodes means the store is damaged.
 */
final class PersistedConsensus {
    private PersistedConsensus() {
    }

    static byte[] encode(SafetyData data) {
        return ConsensusCodec.encode(data);
    }

    static SafetyData decodeSafetyData(byte[] bytes) {
        try {
            return ConsensusCodec.decodeSafetyData(bytes);
        } catch (MalformedMessageException e) {
            throw StoreCorruptedException.general("stored safety data does not decode: " + e.getMessage(), e);
        }
    }

    static byte[] encode(Proposal proposal) {
        return ConsensusCodec.encode(proposal);
    }

    static Proposal decodeProposal(byte[] bytes) {
        try {
            return ConsensusCodec.decodeProposal(bytes);
        } catch (MalformedMessageException e) {
            throw StoreCorruptedException.general("stored pending block does not decode: " + e.getMessage(), e);
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
