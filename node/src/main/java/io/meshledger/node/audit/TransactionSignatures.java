package io.meshledger.node.audit;

import io.meshledger.core.block.Block;
import io.meshledger.core.identity.MembershipCheck;
import io.meshledger.core.identity.MembershipValidator;
import io.meshledger.core.tx.Sender;
import io.meshledger.core.tx.SignedTransaction;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Checks the signatures of a block's transactions. A block's hash covers only
 * transaction ids (hashes of the bodies), so a stored signature could change
 * without breaking any hash; this catches it. A sender that is not a member at
 * the block's timestamp has no key to check against: execution records such a
 * transaction as failed, and its receipt is compared with the re-execution.
 */
final class TransactionSignatures {
    private final MembershipValidator members;

    TransactionSignatures(MembershipValidator members) {
        this.members = members;
    }

    /** Empty when every checkable signature verifies, else which transaction fails. */
    Optional<String> check(Block block) {
        Instant at = Instant.ofEpochMilli(block.header().timestampMs());
        List<SignedTransaction> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
            SignedTransaction tx = txs.get(i);
            if (!(tx.decoded().sender() instanceof Sender.Certificate c)) {
                continue;
            }
            if (members.validate(c.der().unsafeArray(), at) instanceof MembershipCheck.Valid v
                    && !v.member().key().verify(tx.id().unsafeArray(), tx.signature().unsafeArray())) {
                return Optional.of("the signature of transaction " + i + " (" + tx.id() + ") by "
                        + v.member().qualifiedName() + " does not verify");
            }
        }
        return Optional.empty();
    }
}
