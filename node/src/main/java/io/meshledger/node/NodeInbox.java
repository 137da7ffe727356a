package io.meshledger.node;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.certification.DigestSignature;
import io.meshledger.node.certification.LedgerCertifier;
import io.meshledger.node.consensus.ConsensusMessage;
import io.meshledger.node.driver.ConsensusDriver;
import io.meshledger.node.mempool.Admission;
import io.meshledger.node.mempool.AdmissionResult;
import io.meshledger.node.network.PeerInbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Routes what peers send, off the network threads (which must never block):
 * consensus messages to a verification thread that hands them to the driver,
 * forwarded transactions and vouches to an admission thread (never forwarded
 * again, so batches do not echo; a batch naming this node a co-verifier is
 * verified and vouched for), digest signatures to the certifier on the ledger
 * writer thread. Each queue is bounded; overflow is dropped and counted, and
 * consensus recovers through timeouts and fetches.
 */
final class NodeInbox implements PeerInbox, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeInbox.class);
    /**
     * When an unvouched forwarded transaction is verified here regardless. Not sooner: vouches run late exactly
     * when the network is overloaded, and verifying everything then would make it worse. Before this, a
     * proposal holding it gets it verified, and its origin proposes it anyway.
     */
    private static final Duration OVERDUE_AFTER = Duration.ofSeconds(2);
    /** Bounds one pass's work on the admission thread (about 20 ms of verification on two cores). */
    private static final int OVERDUE_PER_PASS = 500;

    private final ConsensusDriver driver;
    private final Admission admission;
    private final Consumer<List<Hash>> vouch;
    private final LedgerCertifier certifier;
    private final Executor writer;
    private final ThreadPoolExecutor consensusIngress;
    private final ThreadPoolExecutor transactionIngress;
    private final LongAdder dropped = new LongAdder();

    /** @param vouch tells the other validators this node verified transactions as a co-verifier */
    NodeInbox(ConsensusDriver driver, Admission admission, Consumer<List<Hash>> vouch, LedgerCertifier certifier,
              Executor writer) {
        this.driver = driver;
        this.admission = admission;
        this.vouch = vouch;
        this.certifier = certifier;
        this.writer = writer;
        // One thread keeps each peer's consensus messages in order; verification is batched across cores inside.
        this.consensusIngress = single("consensus-ingress", 16_384);
        this.transactionIngress = single("transaction-ingress", 1_024);
    }

    @Override
    public void onConsensusMessage(IdentityId from, ConsensusMessage message) {
        submit(consensusIngress, () -> driver.onMessage(from, message));
    }

    @Override
    public void onTransactions(IdentityId from, List<SignedTransaction> transactions, boolean coVerify) {
        submit(transactionIngress, () -> {
            List<AdmissionResult> results = admission.admitForwarded(from, transactions, coVerify);
            if (coVerify) {
                List<Hash> verified = new ArrayList<>(results.size());
                for (AdmissionResult r : results) {
                    if (r instanceof AdmissionResult.Accepted a) {
                        verified.add(a.transaction().signedId());
                    }
                }
                vouch.accept(verified);
            }
        });
    }

    @Override
    public void onVouches(IdentityId from, List<Hash> signedIds) {
        submit(transactionIngress, () -> admission.vouched(from, signedIds));
    }

    /** Queues a pass that verifies here the forwarded transactions whose vouches are overdue. */
    void verifyOverdue() {
        submit(transactionIngress, () -> admission.verifyOverdue(OVERDUE_AFTER, OVERDUE_PER_PASS));
    }

    @Override
    public void onDigestSignature(IdentityId from, DigestSignature signature) {
        if (!signature.signature().validator().equals(from)) {
            log.debug("Digest signature of {} relayed by {}: ignored", signature.signature().validator(), from);
            return;
        }
        submit(writer, () -> certifier.received(signature));
    }

    /** Peer messages dropped because an ingress queue was full. */
    long dropped() {
        return dropped.sum();
    }

    private void submit(Executor executor, Runnable work) {
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            dropped.increment();
        }
    }

    @Override
    public void close() {
        consensusIngress.shutdownNow();
        transactionIngress.shutdownNow();
    }

    private static ThreadPoolExecutor single(String name, int capacity) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }
}
