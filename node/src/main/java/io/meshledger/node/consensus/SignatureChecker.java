package io.meshledger.node.consensus;

import io.meshledger.core.crypto.SignatureCheck;

import java.util.BitSet;
import java.util.List;

/**
 * Verifies a batch of signatures, returning the indexes of the valid ones.
 * {@code io.meshledger.core.crypto.BatchVerifier::verifyAll} fits, to spread a
 * batch across cores; {@link #sequential()} verifies on the calling thread.
 */
@FunctionalInterface
public interface SignatureChecker {
    BitSet verifyAll(List<SignatureCheck> checks);

    static SignatureChecker sequential() {
        return checks -> {
            BitSet valid = new BitSet(checks.size());
            for (int i = 0; i < checks.size(); i++) {
                if (checks.get(i).verify()) {
                    valid.set(i);
                }
            }
            return valid;
        };
    }
}
