package io.meshledger.node.consensus;

import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.SignatureCheck;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.validators.Validator;
import io.meshledger.core.validators.ValidatorSet;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The edge check of consensus messages (pure CPU, no state but a cache): the
 * sender is a validator of the epoch and the signer of what it sends, chain id
 * and epoch match, the block hash is the hash of its header bytes, every
 * signature is valid, and every embedded QC (a quorum of distinct validators
 * over {@link VoteData#signingHash()}; the genesis QC only as round 0) and TC
 * (a quorum of distinct validators' valid timeouts of its round) is valid.
 * <p>
 * All signatures of one message go to the {@link SignatureChecker} as one batch.
 * Verified QCs and TCs are cached (bounded, least recently used first out), so
 * a certificate that arrives in many messages is verified once. Not
 * thread-safe: one verifier per thread.
 */
public final class MessageVerifier {
    private final String chainId;
    private final ValidatorSet validators;
    private final SignatureChecker checker;
    private final Map<Object, Boolean> verifiedCertificates;

    public MessageVerifier(String chainId, ValidatorSet validators, SignatureChecker checker, int cacheSize) {
        this.chainId = chainId;
        this.validators = validators;
        this.checker = checker;
        this.verifiedCertificates = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Boolean> eldest) {
                return size() > cacheSize;
            }
        };
    }

    /** Checks a message received from {@code from}, who must be its signer. */
    public Verification verify(IdentityId from, ConsensusMessage message) {
        if (!validators.contains(from)) {
            return new Verification.Rejected(from, "sender " + from + " is not a validator of epoch "
                    + validators.epoch());
        }
        IdentityId signer = switch (message) {
            case Proposal p -> p.signature().validator();
            case Vote v -> v.signature().validator();
            case TimeoutMessage t -> t.timeout().signature().validator();
        };
        if (!signer.equals(from)) {
            return new Verification.Rejected(from, "message signed by " + signer + " but sent by " + from);
        }
        Batch batch = new Batch();
        Optional<String> problem = switch (message) {
            case Proposal p -> proposal(p, batch);
            case Vote v -> vote(v, batch);
            case TimeoutMessage t -> timeout(t, batch);
        };
        return finish(from, message, problem.or(batch::run));
    }

    /** Checks a proposal fetched as a missing ancestor; any peer may have served it. */
    public Verification verifyFetched(IdentityId servedBy, Proposal proposal) {
        Batch batch = new Batch();
        return finish(servedBy, proposal, proposal(proposal, batch).or(batch::run));
    }

    private Verification finish(IdentityId from, ConsensusMessage message, Optional<String> problem) {
        return problem.<Verification>map(reason -> new Verification.Rejected(from, reason))
                .orElseGet(() -> new Verification.Verified(from, message));
    }

    private Optional<String> proposal(Proposal p, Batch batch) {
        Block block = p.block();
        BlockHeader h = block.header();
        Optional<String> wrong = chainAndEpoch("block", h.chainId(), h.epoch());
        if (wrong.isPresent()) {
            return wrong;
        }
        if (!Block.hashOf(block.headerBytes().unsafeArray()).equals(block.hash())) {
            return Optional.of("block hash " + block.hash().shortHex() + " is not the hash of its header bytes");
        }
        if (!BlockHeader.decode(block.headerBytes().unsafeArray()).equals(h)) {
            return Optional.of("block header fields differ from its header bytes at height " + h.height());
        }
        if (!h.proposer().equals(p.signature().validator().toBytes())) {
            return Optional.of("block names proposer " + h.proposer().toHex().substring(0, 8) + " but is signed by "
                    + p.signature().validator());
        }
        wrong = batch.add(p.signature(), Proposal.signingHash(block.hash()), "proposal of round " + h.round());
        if (wrong.isPresent()) {
            return wrong;
        }
        wrong = quorumCertificate(p.justify(), batch);
        if (wrong.isPresent() || p.timeoutCertificate().isEmpty()) {
            return wrong;
        }
        return timeoutCertificate(p.timeoutCertificate().get(), batch);
    }

    private Optional<String> vote(Vote v, Batch batch) {
        VoteData d = v.data();
        Optional<String> wrong = chainAndEpoch("vote", d.chainId(), d.epoch());
        if (wrong.isPresent()) {
            return wrong;
        }
        if (d.round() < 1 || d.height() < 1) {
            return Optional.of("vote for round " + d.round() + " height " + d.height() + ": genesis is not voted on");
        }
        return batch.add(v.signature(), d.signingHash(), "vote of round " + d.round());
    }

    private Optional<String> timeout(TimeoutMessage t, Batch batch) {
        TimeoutData d = t.timeout().data();
        Optional<String> wrong = chainAndEpoch("timeout", d.chainId(), d.epoch());
        if (wrong.isPresent()) {
            return wrong;
        }
        wrong = batch.add(t.timeout().signature(), d.signingHash(), "timeout of round " + d.round());
        if (wrong.isPresent()) {
            return wrong;
        }
        wrong = quorumCertificate(t.highQc(), batch);
        if (wrong.isPresent() || t.lastTc().isEmpty()) {
            return wrong;
        }
        return timeoutCertificate(t.lastTc().get(), batch);
    }

    private Optional<String> quorumCertificate(QuorumCertificate qc, Batch batch) {
        VoteData d = qc.data();
        if (qc.round() == 0 || d.height() == 0) {
            boolean genesis = d.equals(VoteData.genesis(chainId, validators.epoch())) && qc.signatures().isEmpty();
            return genesis ? Optional.empty() : Optional.of("QC of round " + d.round() + " height " + d.height()
                    + " is not the genesis QC");
        }
        Optional<String> wrong = chainAndEpoch("QC", d.chainId(), d.epoch());
        if (wrong.isPresent() || verifiedCertificates.containsKey(qc)) {
            return wrong;
        }
        wrong = quorum("QC of round " + d.round(), qc.signatures().stream().map(ValidatorSignature::validator).toList());
        if (wrong.isPresent()) {
            return wrong;
        }
        Hash signingHash = d.signingHash();
        for (ValidatorSignature s : qc.signatures()) {
            batch.add(s, signingHash, "QC of round " + d.round());
        }
        batch.onSuccess(qc);
        return Optional.empty();
    }

    private Optional<String> timeoutCertificate(TimeoutCertificate tc, Batch batch) {
        if (tc.epoch() != validators.epoch()) {
            return Optional.of("TC of epoch " + tc.epoch() + ", expected " + validators.epoch());
        }
        if (verifiedCertificates.containsKey(tc)) {
            return Optional.empty();
        }
        List<IdentityId> signers = tc.timeouts().stream().map(t -> t.signature().validator()).toList();
        Optional<String> wrong = quorum("TC of round " + tc.round(), signers);
        if (wrong.isPresent()) {
            return wrong;
        }
        for (SignedTimeout t : tc.timeouts()) {
            if (!t.data().chainId().equals(chainId)) {
                return Optional.of("TC of round " + tc.round() + " holds a timeout for chain " + t.data().chainId());
            }
            batch.add(t.signature(), t.data().signingHash(), "TC of round " + tc.round());
        }
        batch.onSuccess(tc);
        return Optional.empty();
    }

    private Optional<String> quorum(String what, List<IdentityId> signers) {
        Set<IdentityId> distinct = new HashSet<>();
        for (IdentityId id : signers) {
            if (!validators.contains(id)) {
                return Optional.of(what + " is signed by " + id + ", not a validator of epoch " + validators.epoch());
            }
            if (!distinct.add(id)) {
                return Optional.of(what + " is signed twice by " + id);
            }
        }
        if (distinct.size() < validators.quorumSize()) {
            return Optional.of(what + " has " + distinct.size() + " signers, quorum is " + validators.quorumSize()
                    + " of " + validators.size());
        }
        return Optional.empty();
    }

    private Optional<String> chainAndEpoch(String what, String msgChain, long msgEpoch) {
        if (!msgChain.equals(chainId) || msgEpoch != validators.epoch()) {
            return Optional.of(what + " is for chain " + msgChain + " epoch " + msgEpoch + ", expected " + chainId
                    + " epoch " + validators.epoch());
        }
        return Optional.empty();
    }

    /** The signatures of one message, checked together; certificates are cached only if all are valid. */
    private final class Batch {
        private final List<SignatureCheck> checks = new ArrayList<>();
        private final List<String> labels = new ArrayList<>();
        private final List<Object> certificates = new ArrayList<>();

        Optional<String> add(ValidatorSignature s, Hash signingHash, String what) {
            Optional<Validator> v = validators.get(s.validator());
            if (v.isEmpty()) {
                return Optional.of(what + " is signed by " + s.validator() + ", not a validator of epoch "
                        + validators.epoch());
            }
            checks.add(new SignatureCheck(v.get().key(), signingHash.unsafeArray(), s.signature().unsafeArray()));
            labels.add(what + " signature by " + v.get().name());
            return Optional.empty();
        }

        void onSuccess(Object certificate) {
            certificates.add(certificate);
        }

        Optional<String> run() {
            BitSet valid = checks.isEmpty() ? new BitSet() : checker.verifyAll(checks);
            int bad = valid.nextClearBit(0);
            if (bad < checks.size()) {
                return Optional.of("bad " + labels.get(bad));
            }
            certificates.forEach(c -> verifiedCertificates.put(c, Boolean.TRUE));
            return Optional.empty();
        }
    }
}
