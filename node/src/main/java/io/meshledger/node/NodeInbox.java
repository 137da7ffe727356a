package io.meshledger.node;

import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.certification.DigestSignature;
import io.meshledger.node.certification.LedgerCertifier;
import io.meshledger.node.consensus.ConsensusMessage;
import io.meshledger.node.driver.ConsensusDriver;
import io.meshledger.node.mempool.Admission;
import io.meshledger.node.network.PeerInbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Routes what peers send: consensus messages to the driver (verified there),
 * forwarded transactions through admission (never forwarded again, so batches
 * do not echo), digest signatures to the certifier on the ledger writer thread.
 */
final class NodeInbox implements PeerInbox {
    private static final Logger log = LoggerFactory.getLogger(NodeInbox.class);

    private final ConsensusDriver driver;
    private final Admission admission;
    private final LedgerCertifier certifier;
    private final Executor writer;

    NodeInbox(ConsensusDriver driver, Admission admission, LedgerCertifier certifier, Executor writer) {
        this.driver = driver;
        this.admission = admission;
        this.certifier = certifier;
        this.writer = writer;
    }

    @Override
    public void onConsensusMessage(IdentityId from, ConsensusMessage message) {
        driver.onMessage(from, message);
    }

    @Override
    public void onTransactions(IdentityId from, List<SignedTransaction> transactions) {
        admission.admit(transactions);
    }

    @Override
    public void onDigestSignature(IdentityId from, DigestSignature signature) {
        if (!signature.signature().validator().equals(from)) {
            log.debug("Digest signature of {} relayed by {}: ignored", signature.signature().validator(), from);
            return;
        }
        try {
            writer.execute(() -> certifier.received(signature));
        } catch (RejectedExecutionException e) {
            log.debug("Node stopping: digest signature from {} dropped", from);
        }
    }
}
