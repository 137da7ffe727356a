package io.meshledger.node.certification;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.block.LedgerDigest;
import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.validators.Validator;
import io.meshledger.core.validators.ValidatorSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Gathers validators' signatures over ledger digests until {@code 2f+1} agree
 * with this node's own digest for a height; that set is the block's ledger
 * certificate. Signatures may arrive before this node has executed the block;
 * they wait, within a bounded window of heights. Not thread-safe: one thread
 * (the commit path) owns it.
 */
public final class CertificateCollector {
    private final String chainId;
    private final ValidatorSet validators;
    private final long window;
    /** height -> signer -> signature; at most one signature per signer and height. */
    private final TreeMap<Long, Map<IdentityId, DigestSignature>> byHeight = new TreeMap<>();
    /** This node's own digest per height, once it executed the block. */
    private final Map<Long, Bytes> own = new HashMap<>();
    /** Certified heights above {@code certifiedUpTo} (certificates may complete out of order). */
    private final TreeSet<Long> certifiedAbove = new TreeSet<>();
    private long certifiedUpTo;

    /**
     * @param window how many heights above the last certified one to buffer signatures for
     */
    public CertificateCollector(String chainId, ValidatorSet validators, long certifiedUpTo, long window) {
        this.chainId = chainId;
        this.validators = validators;
        this.certifiedUpTo = certifiedUpTo;
        this.window = window;
    }

    /** Records this node's own signed digest for a block it executed. */
    public CertificationOutcome addOwn(DigestSignature mine) {
        own.put(mine.height(), mine.digestBytes());
        return add(mine);
    }

    /** Adds a signature received from a validator (or this node's own). */
    public CertificationOutcome add(DigestSignature s) {
        long h = s.height();
        if (h <= certifiedUpTo || certifiedAbove.contains(h)) {
            return new CertificationOutcome.Refused("height " + h + " is already certified (up to " + certifiedUpTo + ")");
        }
        if (h > certifiedUpTo + window) {
            return new CertificationOutcome.Refused("height " + h + " is beyond the window (certified up to "
                    + certifiedUpTo + ", window " + window + ")");
        }
        LedgerDigest d = s.digest();
        if (!d.chainId().equals(chainId) || d.epoch() != validators.epoch()) {
            return new CertificationOutcome.Refused("digest for chain " + d.chainId() + " epoch " + d.epoch()
                    + ", expected " + chainId + " epoch " + validators.epoch());
        }
        Optional<Validator> v = validators.get(s.signature().validator());
        if (v.isEmpty()) {
            return new CertificationOutcome.Refused("signer " + s.signature().validator() + " is not a validator");
        }
        if (!v.get().key().verify(LedgerDigest.signingHash(s.digestBytes().unsafeArray()).unsafeArray(),
                s.signature().signature().unsafeArray())) {
            return new CertificationOutcome.Refused("bad digest signature by " + v.get().name() + " at height " + h);
        }
        Map<IdentityId, DigestSignature> sigs = byHeight.computeIfAbsent(h, k -> new LinkedHashMap<>());
        sigs.putIfAbsent(s.signature().validator(), s);
        return evaluate(h);
    }

    /** Drops everything at or below {@code height} (certified through another path, e.g. block sync). */
    public void certifiedThrough(long height) {
        if (height > certifiedUpTo) {
            certifiedUpTo = height;
            byHeight.headMap(height, true).clear();
            own.keySet().removeIf(k -> k <= height);
            certifiedAbove.headSet(height, true).clear();
            while (certifiedAbove.remove(certifiedUpTo + 1)) {
                certifiedUpTo++;
            }
        }
    }

    /** Height {@code height} got its certificate elsewhere (block sync); stop collecting for it. */
    public void markCertified(long height) {
        if (height <= certifiedUpTo) {
            return;
        }
        byHeight.remove(height);
        own.remove(height);
        certifiedAbove.add(height);
        while (certifiedAbove.remove(certifiedUpTo + 1)) {
            certifiedUpTo++;
        }
    }

    public long certifiedUpTo() {
        return certifiedUpTo;
    }

    private CertificationOutcome evaluate(long h) {
        Map<IdentityId, DigestSignature> sigs = byHeight.get(h);
        Map<Bytes, List<ValidatorSignature>> byDigest = new HashMap<>();
        for (DigestSignature s : sigs.values()) {
            byDigest.computeIfAbsent(s.digestBytes(), k -> new ArrayList<>()).add(s.signature());
        }
        Bytes mine = own.get(h);
        for (Map.Entry<Bytes, List<ValidatorSignature>> e : byDigest.entrySet()) {
            if (e.getValue().size() < validators.quorumSize()) {
                continue;
            }
            if (mine == null) {
                // A quorum agrees but this node has not executed the block yet: wait for its own digest.
                return new CertificationOutcome.Pending();
            }
            if (!e.getKey().equals(mine)) {
                return new CertificationOutcome.Diverged(h, "a quorum of " + e.getValue().size()
                        + " validators signed digest " + LedgerDigest.decode(e.getKey().unsafeArray())
                        + " but this node computed " + LedgerDigest.decode(mine.unsafeArray()));
            }
            LedgerCertificate cert = new LedgerCertificate(mine, LedgerDigest.decode(mine.unsafeArray()),
                    e.getValue());
            byHeight.remove(h);
            own.remove(h);
            certifiedAbove.add(h);
            while (certifiedAbove.remove(certifiedUpTo + 1)) {
                certifiedUpTo++;
            }
            return new CertificationOutcome.Certified(cert);
        }
        return new CertificationOutcome.Pending();
    }
}
