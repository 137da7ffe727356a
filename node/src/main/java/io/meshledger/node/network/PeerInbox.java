package io.meshledger.node.network;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.certification.DigestSignature;
import io.meshledger.node.consensus.ConsensusMessage;

import java.util.List;

/**
 * Where the peer server hands what validators send, decoded but not yet
 * verified (signatures, rounds and admission are the node's checks). The node
 * implements it.
 *
 * <p>Contract: both methods are called on a transport thread and must never
 * block: enqueue (on a bounded queue, dropping and counting when it is full)
 * and return. Messages from one peer arrive in the order that peer sent them.
 */
public interface PeerInbox {
    /** A consensus message from validator {@code from} (authenticated by its TLS certificate). */
    void onConsensusMessage(IdentityId from, ConsensusMessage message);

    /**
     * A batch of transactions validator {@code from} admitted and forwarded; not yet verified here.
     *
     * @param coVerify whether {@code from} asks this node to verify their signatures and vouch for them
     */
    void onTransactions(IdentityId from, List<SignedTransaction> transactions, boolean coVerify);

    /**
     * Validator {@code from} vouches that it verified the signatures of the transactions with these signed ids
     * ({@link SignedTransaction#signedId}).
     */
    void onVouches(IdentityId from, List<Hash> signedIds);

    /** A ledger-digest signature from validator {@code from}; its signature is not yet verified here. */
    void onDigestSignature(IdentityId from, DigestSignature signature);
}
