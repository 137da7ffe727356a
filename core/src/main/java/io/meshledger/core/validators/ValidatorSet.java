package io.meshledger.core.validators;

import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.block.LedgerDigest;
import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The validators of one epoch: {@code n = 3f+1} members, any {@code 2f+1} of
 * which form a quorum. Order matters: leaders rotate through it.
 */
public final class ValidatorSet {
    private final long epoch;
    private final List<Validator> validators;
    private final Map<IdentityId, Validator> byId;

    public ValidatorSet(long epoch, List<Validator> validators) {
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("a validator set needs at least one validator");
        }
        this.epoch = epoch;
        this.validators = List.copyOf(validators);
        Map<IdentityId, Validator> map = new LinkedHashMap<>();
        for (Validator v : this.validators) {
            if (map.put(v.id(), v) != null) {
                throw new IllegalArgumentException("validator " + v.name() + " appears twice");
            }
        }
        this.byId = Map.copyOf(map);
    }

    public long epoch() {
        return epoch;
    }

    public List<Validator> validators() {
        return validators;
    }

    public int size() {
        return validators.size();
    }

    /** The largest {@code f} with {@code 3f+1 <= n}. */
    public int maxFaulty() {
        return (validators.size() - 1) / 3;
    }

    /** {@code n - f}: equals {@code 2f+1} when {@code n = 3f+1}, and stays safe for other n. */
    public int quorumSize() {
        return validators.size() - maxFaulty();
    }

    public Optional<Validator> get(IdentityId id) {
        return Optional.ofNullable(byId.get(id));
    }

    public boolean contains(IdentityId id) {
        return byId.containsKey(id);
    }

    /**
     * Checks that {@code signatures} over {@code signingHash} carry a quorum of
     * distinct members of this set. A repeated signer, an unknown signer or a
     * bad signature makes the whole list invalid, even beside a quorum of good
     * ones, since an honest aggregator never includes them.
     */
    public QuorumCheck checkQuorum(Hash signingHash, List<ValidatorSignature> signatures) {
        Set<IdentityId> seen = new HashSet<>();
        for (ValidatorSignature s : signatures) {
            Validator v = byId.get(s.validator());
            if (v == null) {
                return new QuorumCheck.Invalid("signer " + s.validator() + " is not a validator of epoch " + epoch);
            }
            if (!seen.add(s.validator())) {
                return new QuorumCheck.Invalid("validator " + v.name() + " signed twice");
            }
            if (!v.key().verify(signingHash.unsafeArray(), s.signature().unsafeArray())) {
                return new QuorumCheck.Invalid("bad signature by validator " + v.name());
            }
        }
        if (seen.size() < quorumSize()) {
            return new QuorumCheck.Invalid("only " + seen.size() + " of " + validators.size()
                    + " validators signed, quorum is " + quorumSize());
        }
        return new QuorumCheck.Valid(seen.size());
    }

    /** Checks a ledger certificate: right chain and epoch, then a quorum over its digest. */
    public QuorumCheck checkCertificate(String chainId, LedgerCertificate certificate) {
        LedgerDigest d = certificate.digest();
        if (!d.chainId().equals(chainId)) {
            return new QuorumCheck.Invalid("certificate is for chain " + d.chainId() + ", expected " + chainId);
        }
        if (d.epoch() != epoch) {
            return new QuorumCheck.Invalid("certificate is for epoch " + d.epoch() + ", validator set is epoch " + epoch);
        }
        return checkQuorum(LedgerDigest.signingHash(certificate.digestBytes().unsafeArray()), certificate.signatures());
    }
}
