package io.meshledger.node.network;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.certification.DigestSignature;
import io.meshledger.node.consensus.ConsensusMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** An inbox that records what arrives, in arrival order. */
final class RecordingInbox implements PeerInbox {
    record Message(IdentityId from, ConsensusMessage message) {
    }

    record Batch(IdentityId from, List<SignedTransaction> transactions, boolean coVerify) {
    }

    record Vouches(IdentityId from, List<Hash> signedIds) {
    }

    final Queue<Message> messages = new ConcurrentLinkedQueue<>();
    final Queue<Batch> batches = new ConcurrentLinkedQueue<>();
    final Queue<DigestSignature> digests = new ConcurrentLinkedQueue<>();
    final Queue<Vouches> vouches = new ConcurrentLinkedQueue<>();

    @Override
    public void onConsensusMessage(IdentityId from, ConsensusMessage message) {
        messages.add(new Message(from, message));
    }

    @Override
    public void onTransactions(IdentityId from, List<SignedTransaction> transactions, boolean coVerify) {
        batches.add(new Batch(from, transactions, coVerify));
    }

    @Override
    public void onVouches(IdentityId from, List<Hash> signedIds) {
        vouches.add(new Vouches(from, signedIds));
    }

    @Override
    public void onDigestSignature(IdentityId from, DigestSignature signature) {
        digests.add(signature);
    }

    List<ConsensusMessage> from(IdentityId sender) {
        List<ConsensusMessage> out = new ArrayList<>();
        messages.forEach(m -> {
            if (m.from().equals(sender)) {
                out.add(m.message());
            }
        });
        return out;
    }

    int transactionCount() {
        return batches.stream().mapToInt(b -> b.transactions().size()).sum();
    }
}
