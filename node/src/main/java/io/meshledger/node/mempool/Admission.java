package io.meshledger.node.mempool;

import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.BatchVerifier;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.PublicKeyInfo;
import io.meshledger.core.crypto.SignatureCheck;
import io.meshledger.core.genesis.TransactionLimits;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.identity.MembershipCheck;
import io.meshledger.core.identity.MembershipValidator;
import io.meshledger.core.tx.Sender;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The path a submitted transaction takes before consensus. Cheap checks first,
 * in this order: size, decode, chain id, expiry, duplicate (in the batch,
 * pending, committed), sender identity; then the signatures of every survivor
 * are verified together across all cores; then the mempool takes them, or
 * refuses when full. Runs on the submitting (API or peer) threads, never on the
 * consensus thread. Thread-safe.
 */
public final class Admission {
    private final String chainId;
    private final TransactionLimits limits;
    private final MembershipValidator members;
    private final BatchVerifier verifier;
    private final LedgerView ledger;
    private final Mempool mempool;
    private final Clock clock;
    private final VerifiedSignatures verified;
    private final Map<RejectReason, LongAdder> rejections = new EnumMap<>(RejectReason.class);
    private final LongAdder accepted = new LongAdder();
    private final LongAdder signaturesVerified = new LongAdder();

    public Admission(String chainId, TransactionLimits limits, MembershipValidator members, BatchVerifier verifier,
                     LedgerView ledger, Mempool mempool, Clock clock) {
        this(chainId, limits, members, verifier, ledger, mempool, clock, new VerifiedSignatures(2));
    }

    /**
     * @param verified signatures already verified elsewhere on this node (e.g. in a proposal); they are not
     *                 verified again
     */
    public Admission(String chainId, TransactionLimits limits, MembershipValidator members, BatchVerifier verifier,
                     LedgerView ledger, Mempool mempool, Clock clock, VerifiedSignatures verified) {
        this.chainId = chainId;
        this.limits = limits;
        this.members = members;
        this.verifier = verifier;
        this.ledger = ledger;
        this.mempool = mempool;
        this.clock = clock;
        this.verified = verified;
        for (RejectReason r : RejectReason.values()) {
            rejections.put(r, new LongAdder());
        }
    }

    /** Admits encoded {@code meshledger.v1.Transaction} messages; results are in input order. */
    public List<AdmissionResult> admitEncoded(List<byte[]> encoded) {
        AdmissionResult[] results = new AdmissionResult[encoded.size()];
        List<Candidate> candidates = new ArrayList<>(encoded.size());
        Set<Hash> inBatch = new HashSet<>();
        long height = ledger.committedHeight();
        for (int i = 0; i < encoded.size(); i++) {
            byte[] wire = encoded.get(i);
            if (wire.length > limits.maxTransactionBytes()) {
                results[i] = reject(Optional.empty(), RejectReason.PAYLOAD_TOO_LARGE,
                        "transaction is " + wire.length + " bytes, the limit is " + limits.maxTransactionBytes());
                continue;
            }
            SignedTransaction tx;
            try {
                tx = SignedTransaction.decode(wire);
            } catch (DecodingException e) {
                results[i] = reject(Optional.empty(), RejectReason.MALFORMED, e.getMessage());
                continue;
            }
            results[i] = precheck(i, tx, wire.length, height, inBatch, candidates);
        }
        return finish(results, candidates, null);
    }

    /**
     * Admits transactions as the client API receives them (already parsed by
     * gRPC, not yet decoded into values); results are in input order.
     */
    public List<AdmissionResult> admitMessages(List<io.meshledger.proto.v1.Transaction> messages) {
        AdmissionResult[] results = new AdmissionResult[messages.size()];
        List<Candidate> candidates = new ArrayList<>(messages.size());
        Set<Hash> inBatch = new HashSet<>();
        long height = ledger.committedHeight();
        for (int i = 0; i < messages.size(); i++) {
            io.meshledger.proto.v1.Transaction m = messages.get(i);
            int size = m.getSerializedSize();
            if (size > limits.maxTransactionBytes()) {
                results[i] = reject(Optional.empty(), RejectReason.PAYLOAD_TOO_LARGE,
                        "transaction is " + size + " bytes, the limit is " + limits.maxTransactionBytes());
                continue;
            }
            SignedTransaction tx;
            try {
                tx = SignedTransaction.fromProto(m);
            } catch (DecodingException e) {
                results[i] = reject(Optional.empty(), RejectReason.MALFORMED, e.getMessage());
                continue;
            }
            results[i] = precheck(i, tx, size, height, inBatch, candidates);
        }
        return finish(results, candidates, null);
    }

    /** Admits already-decoded transactions, verifying them here; results are in input order. */
    public List<AdmissionResult> admit(List<SignedTransaction> txs) {
        return admitDecoded(txs, null, true);
    }

    /**
     * Admits transactions validator {@code from} verified, admitted and forwarded; results are in input order.
     * With {@code verifyHere} (this node is one of the batch's co-verifiers) their signatures are verified as
     * any others; without, they wait in the mempool on {@code from}'s word until enough validators vouched for
     * them, a proposal brings them (then they are verified there), or they are overdue ({@link #verifyOverdue}).
     * The cheap checks run either way.
     */
    public List<AdmissionResult> admitForwarded(IdentityId from, List<SignedTransaction> txs, boolean verifyHere) {
        return admitDecoded(txs, from, verifyHere);
    }

    private List<AdmissionResult> admitDecoded(List<SignedTransaction> txs, IdentityId from, boolean verify) {
        AdmissionResult[] results = new AdmissionResult[txs.size()];
        List<Candidate> candidates = new ArrayList<>(txs.size());
        Set<Hash> inBatch = new HashSet<>();
        long height = ledger.committedHeight();
        for (int i = 0; i < txs.size(); i++) {
            SignedTransaction tx = txs.get(i);
            int size = tx.encodedSize();
            if (size > limits.maxTransactionBytes()) {
                results[i] = reject(Optional.of(tx.id()), RejectReason.PAYLOAD_TOO_LARGE,
                        "transaction is " + size + " bytes, the limit is " + limits.maxTransactionBytes());
                continue;
            }
            results[i] = precheck(i, tx, size, height, inBatch, candidates);
        }
        return verify ? finish(results, candidates, from) : finishUnverified(results, candidates, from);
    }

    /**
     * Verifies here up to {@code max} mempool transactions whose vouches have not come in {@code olderThan}
     * ({@link Mempool#overdue}); drops those whose signature fails. Returns how many were verified.
     */
    public int verifyOverdue(Duration olderThan, int max) {
        List<SignedTransaction> overdue = mempool.overdue(olderThan, max);
        if (overdue.isEmpty()) {
            return 0;
        }
        List<SignatureCheck> checks = new ArrayList<>(overdue.size());
        List<SignedTransaction> checked = new ArrayList<>(overdue.size());
        for (SignedTransaction tx : overdue) {
            Optional<PublicKeyInfo> key = senderKey(tx.decoded());
            if (key.isEmpty()) {
                mempool.remove(tx);
                reject(Optional.of(tx.id()), RejectReason.UNKNOWN_IDENTITY, "sender no longer valid");
                continue;
            }
            checks.add(new SignatureCheck(key.get(), tx.id().unsafeArray(), tx.signature().unsafeArray()));
            checked.add(tx);
        }
        BitSet valid = verifier.verifyAll(checks);
        signaturesVerified.add(checks.size());
        for (int i = 0; i < checked.size(); i++) {
            SignedTransaction tx = checked.get(i);
            if (valid.get(i)) {
                mempool.markVerified(tx);
            } else {
                mempool.remove(tx);
                reject(Optional.of(tx.id()), RejectReason.INVALID_SIGNATURE,
                        "forwarded transaction " + tx.id().shortHex() + " has an invalid signature");
            }
        }
        return checks.size();
    }

    /** Records that validator {@code from} verified the transactions with these signed ids. */
    public void vouched(IdentityId from, List<Hash> signedIds) {
        mempool.vouch(from, signedIds);
    }

    /** Signatures this node verified while admitting (for metrics: co-verification shows here). */
    public long signaturesVerified() {
        return signaturesVerified.sum();
    }

    /** Rejections so far, by reason (for metrics and status). */
    public Map<RejectReason, Long> rejectionCounts() {
        Map<RejectReason, Long> m = new EnumMap<>(RejectReason.class);
        rejections.forEach((r, n) -> m.put(r, n.sum()));
        return m;
    }

    public long acceptedCount() {
        return accepted.sum();
    }

    /** Returns a rejection, or null when the transaction became a candidate. */
    private AdmissionResult precheck(int slot, SignedTransaction tx, int size, long height, Set<Hash> inBatch,
                                     List<Candidate> candidates) {
        TransactionBody body = tx.decoded();
        Optional<Hash> id = Optional.of(tx.id());
        if (!body.chainId().equals(chainId)) {
            return reject(id, RejectReason.WRONG_CHAIN, "transaction is for chain '" + body.chainId()
                    + "', this is '" + chainId + "'");
        }
        if (body.expiryHeight() <= height) {
            return reject(id, RejectReason.EXPIRED, "expiry height " + body.expiryHeight()
                    + " has passed (committed height " + height + ")");
        }
        if (body.expiryHeight() > height + limits.expiryWindow()) {
            return reject(id, RejectReason.EXPIRED, "expiry height " + body.expiryHeight() + " is beyond the window: at most "
                    + (height + limits.expiryWindow()) + " at committed height " + height);
        }
        if (!inBatch.add(tx.id()) || mempool.contains(tx.id())) {
            return reject(id, RejectReason.DUPLICATE, "transaction " + tx.id().shortHex() + " is already pending");
        }
        if (ledger.isCommitted(tx.id())) {
            return reject(id, RejectReason.DUPLICATE, "transaction " + tx.id().shortHex() + " is already committed");
        }
        // Before the certificate and signature checks, the costly part: under overload a full mempool turns
        // senders away for the price of a lookup, and its CPU goes to the transactions it already holds.
        if (!mempool.hasRoomFor(size)) {
            return full(id);
        }
        MembershipCheck check = membership(body);
        if (check instanceof MembershipCheck.Invalid bad) {
            return reject(id, RejectReason.UNKNOWN_IDENTITY, bad.reason());
        }
        PublicKeyInfo key = ((MembershipCheck.Valid) check).member().key();
        candidates.add(new Candidate(slot, tx, key, size));
        return null;
    }

    private MembershipCheck membership(TransactionBody body) {
        return switch (body.sender()) {
            case Sender.Certificate c -> members.validate(c.der().unsafeArray(), clock.instant());
            case Sender.KeyId k -> members.known(IdentityId.fromBytes(k.id()))
                    .<MembershipCheck>map(MembershipCheck.Valid::new)
                    .orElse(new MembershipCheck.Invalid("key id " + k.id().toHex() + " is not registered"));
        };
    }

    private Optional<PublicKeyInfo> senderKey(TransactionBody body) {
        return membership(body) instanceof MembershipCheck.Valid v ? Optional.of(v.member().key()) : Optional.empty();
    }

    /** Adds candidates on {@code from}'s word, unverified here unless this node verified them before. */
    private List<AdmissionResult> finishUnverified(AdmissionResult[] results, List<Candidate> candidates,
                                                   IdentityId from) {
        for (Candidate c : candidates) {
            results[c.slot()] = pooled(c, mempool.addForwarded(c.tx(), c.size(), from, verified.contains(c.tx())));
        }
        return Arrays.asList(results);
    }

    /** @param from the forwarding validator, or null for a client's transactions */
    private List<AdmissionResult> finish(AdmissionResult[] results, List<Candidate> candidates, IdentityId from) {
        if (!candidates.isEmpty()) {
            List<SignatureCheck> checks = new ArrayList<>(candidates.size());
            List<Integer> checkedSlots = new ArrayList<>(candidates.size());
            BitSet valid = new BitSet(candidates.size());
            for (int j = 0; j < candidates.size(); j++) {
                Candidate c = candidates.get(j);
                if (verified.contains(c.tx())) {
                    valid.set(j);
                } else {
                    checks.add(new SignatureCheck(c.key(), c.tx().id().unsafeArray(), c.tx().signature().unsafeArray()));
                    checkedSlots.add(j);
                }
            }
            BitSet checkedValid = verifier.verifyAll(checks);
            signaturesVerified.add(checks.size());
            for (int k = 0; k < checkedSlots.size(); k++) {
                if (checkedValid.get(k)) {
                    valid.set(checkedSlots.get(k));
                }
            }
            for (int j = 0; j < candidates.size(); j++) {
                Candidate c = candidates.get(j);
                Optional<Hash> id = Optional.of(c.tx().id());
                if (!valid.get(j)) {
                    results[c.slot()] = reject(id, RejectReason.INVALID_SIGNATURE,
                            "signature of transaction " + c.tx().id().shortHex() + " does not verify with the sender's "
                                    + c.key().algorithm() + " key");
                    continue;
                }
                results[c.slot()] = pooled(c, from == null ? mempool.add(c.tx(), c.size())
                        : mempool.addForwarded(c.tx(), c.size(), from, true));
            }
        }
        return Arrays.asList(results);
    }

    private AdmissionResult pooled(Candidate c, Mempool.AddOutcome outcome) {
        Optional<Hash> id = Optional.of(c.tx().id());
        return switch (outcome) {
            case ADDED -> {
                accepted.increment();
                yield new AdmissionResult.Accepted(c.tx());
            }
            case DUPLICATE -> reject(id, RejectReason.DUPLICATE,
                    "transaction " + c.tx().id().shortHex() + " is already pending");
            case FULL -> full(id);
        };
    }

    private AdmissionResult full(Optional<Hash> id) {
        return reject(id, RejectReason.RESOURCE_EXHAUSTED,
                "mempool is full (" + mempool.size() + " transactions, " + mempool.bytes() + " bytes); retry later");
    }

    private AdmissionResult reject(Optional<Hash> id, RejectReason reason, String message) {
        rejections.get(reason).increment();
        return new AdmissionResult.Rejected(id, reason, message);
    }
}
