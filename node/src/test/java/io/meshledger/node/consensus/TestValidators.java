package io.meshledger.node.consensus;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.genesis.ConsensusParameters;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.validators.Validator;
import io.meshledger.core.validators.ValidatorSet;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Validators with real Ed25519 keys generated from a fixed seed, so every run
 * (and every replay) signs with the same keys. Index {@code n..} are outsiders.
 */
record TestValidators(String chainId, ValidatorSet set, List<SigningKey> keys, List<IdentityId> ids,
                      SigningKey outsiderKey, IdentityId outsider) {
    static final String CHAIN = "sim-chain";
    static final long EPOCH = 1;
    private static final List<SigningKey> KEYS = generate(16);

    static TestValidators of(int n) {
        List<Validator> validators = new ArrayList<>();
        List<IdentityId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            IdentityId id = idOf(KEYS.get(i));
            ids.add(id);
            validators.add(new Validator(id, "node" + i, "org" + (i % 2), KEYS.get(i).publicKey(),
                    "127.0.0.1:" + (7000 + i), Bytes.EMPTY));
        }
        SigningKey outsiderKey = KEYS.get(KEYS.size() - 1);
        return new TestValidators(CHAIN, new ValidatorSet(EPOCH, validators), List.copyOf(KEYS.subList(0, n)),
                List.copyOf(ids), outsiderKey, idOf(outsiderKey));
    }

    static ConsensusParameters parameters() {
        return new ConsensusParameters(20, 64 * 1024, 200, 1600, 2.0);
    }

    int n() {
        return ids.size();
    }

    ConsensusContext context(int index) {
        return ConsensusContext.of(chainId, set, ids.get(index), parameters());
    }

    SafetyRules safetyRules(int index, SafetyData data) {
        return new SafetyRules(chainId, keys.get(index), ids.get(index), data);
    }

    MessageVerifier verifier() {
        return verifier(SignatureChecker.sequential());
    }

    MessageVerifier verifier(SignatureChecker checker) {
        return new MessageVerifier(chainId, set, checker, 256);
    }

    int indexOf(IdentityId id) {
        return ids.indexOf(id);
    }

    private static IdentityId idOf(SigningKey key) {
        return new IdentityId(Hashing.sha256(key.publicKey().encoded().unsafeArray()));
    }

    private static List<SigningKey> generate(int count) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(20240601L);
            List<SigningKey> keys = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                keys.add(SigningKey.generate(SignatureAlgorithm.ED25519, random));
            }
            return List.copyOf(keys);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
