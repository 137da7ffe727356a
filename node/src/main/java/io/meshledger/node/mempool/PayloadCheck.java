package io.meshledger.node.mempool;

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
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Checks the transactions of another leader's proposal before this node
 * votes for it: a Byzantine leader must not get invalid transactions
 * committed. The rules are admission's (chain, size, expiry at the block's
 * height, member sender, valid signature, not yet committed), but nothing
 * enters the mempool. Transactions this node already admitted, with the very
 * same signature bytes, were checked then and skip the signature check, so an
 * honest proposal costs little.
 * Thread-safe; runs on network threads, never on the consensus thread.
 */
public final class PayloadCheck {
    private final String chainId;
    private final TransactionLimits limits;
    private final MembershipValidator members;
    private final BatchVerifier verifier;
    private final Mempool mempool;
    private final VerifiedSignatures verified;
    private final Clock clock;
    private final LongAdder signaturesVerified = new LongAdder();

    public PayloadCheck(String chainId, TransactionLimits limits, MembershipValidator members, BatchVerifier verifier,
                        Mempool mempool, VerifiedSignatures verified, Clock clock) {
        this.chainId = chainId;
        this.limits = limits;
        this.members = members;
        this.verifier = verifier;
        this.mempool = mempool;
        this.verified = verified;
        this.clock = clock;
    }

    /** Signatures verified here because the mempool did not already trust the transaction. */
    public long signaturesVerified() {
        return signaturesVerified.sum();
    }

    /**
     * Empty when every transaction may be committed at {@code height}, else why not.
     *
     * @param committed whether a transaction id is committed or being committed
     */
    public Optional<String> check(List<SignedTransaction> txs, long height, Predicate<Hash> committed) {
        List<SignatureCheck> checks = new ArrayList<>();
        List<SignedTransaction> checked = new ArrayList<>();
        for (SignedTransaction tx : txs) {
            TransactionBody body = tx.decoded();
            String id = tx.id().shortHex();
            if (!body.chainId().equals(chainId)) {
                return Optional.of("transaction " + id + " is for chain " + body.chainId());
            }
            if (body.expiryHeight() < height) {
                return Optional.of("transaction " + id + " expired at " + body.expiryHeight() + " before height " + height);
            }
            if (committed.test(tx.id())) {
                return Optional.of("transaction " + id + " is already committed");
            }
            if (mempool.containsVerified(tx) || verified.contains(tx)) {
                continue;
            }
            int size = tx.encodedSize();
            if (size > limits.maxTransactionBytes()) {
                return Optional.of("transaction " + id + " is " + size + " bytes, the limit is " + limits.maxTransactionBytes());
            }
            MembershipCheck m = switch (body.sender()) {
                case Sender.Certificate c -> members.validate(c.der().unsafeArray(), clock.instant());
                case Sender.KeyId k -> members.known(IdentityId.fromBytes(k.id()))
                        .<MembershipCheck>map(MembershipCheck.Valid::new)
                        .orElse(new MembershipCheck.Invalid("key id " + k.id().toHex() + " is not registered"));
            };
            if (m instanceof MembershipCheck.Invalid bad) {
                return Optional.of("transaction " + id + ": " + bad.reason());
            }
            PublicKeyInfo key = ((MembershipCheck.Valid) m).member().key();
            checks.add(new SignatureCheck(key, tx.id().unsafeArray(), tx.signature().unsafeArray()));
            checked.add(tx);
        }
        if (!checks.isEmpty()) {
            BitSet valid = verifier.verifyAll(checks);
            signaturesVerified.add(checks.size());
            int bad = valid.nextClearBit(0);
            if (bad < checks.size()) {
                return Optional.of("transaction " + checked.get(bad).id().shortHex() + " has an invalid signature");
            }
            checked.forEach(verified::add);
        }
        return Optional.empty();
    }
}
