package io.meshledger.node.consensus;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.SignatureCheck;
import io.meshledger.core.crypto.Verifier;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A signature checker shared by the nodes of one simulated run: each distinct
 * (key, message, signature) is verified for real once, and its verdict reused
 * when the same broadcast reaches the other nodes. Keeps 2,000 runs with real
 * Ed25519 cheap without weakening any check (a forged signature is still
 * verified, and fails).
 */
final class MemoizingSignatureChecker implements SignatureChecker {
    private record Key(Verifier verifier, Bytes message, Bytes signature) {
    }

    private final Map<Key, Boolean> verdicts = new HashMap<>();
    private long verified;

    @Override
    public BitSet verifyAll(List<SignatureCheck> checks) {
        BitSet valid = new BitSet(checks.size());
        for (int i = 0; i < checks.size(); i++) {
            SignatureCheck c = checks.get(i);
            Key key = new Key(c.verifier(), Bytes.wrap(c.message()), Bytes.wrap(c.signature()));
            Boolean verdict = verdicts.get(key);
            if (verdict == null) {
                verdict = c.verify();
                verified++;
                verdicts.put(key, verdict);
            }
            if (verdict) {
                valid.set(i);
            }
        }
        return valid;
    }

    long verified() {
        return verified;
    }
}
