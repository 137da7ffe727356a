package io.meshledger.node.consensus;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.tx.Sender;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One transaction pool every simulated node draws from, in arrival order, so
 * different leaders often pick the same transactions and the exclusion of
 * uncommitted ancestors' transactions gets exercised. Transactions are
 * synthetic: signature bytes are random, since signatures are checked at
 * admission, not by consensus.
 */
final class SimMempool {
    private final Random random;
    private final List<SignedTransaction> pool = new ArrayList<>();
    private long created;

    SimMempool(Random random) {
        this.random = random;
    }

    /** Up to {@code max} transactions this node has not committed and that are not excluded; tops the pool up. */
    List<SignedTransaction> take(SimStorage storage, Set<Hash> excluded, int max) {
        int want = random.nextInt(max + 1);
        List<SignedTransaction> out = new ArrayList<>();
        for (SignedTransaction tx : pool) {
            if (out.size() == want) {
                return out;
            }
            if (!storage.hasTransaction(tx.id()) && !excluded.contains(tx.id())) {
                out.add(tx);
            }
        }
        while (out.size() < want) {
            SignedTransaction tx = create();
            pool.add(tx);
            out.add(tx);
        }
        return out;
    }

    private SignedTransaction create() {
        byte[] nonce = ByteBuffer.allocate(16).putLong(created++).putLong(random.nextLong()).array();
        byte[] args = new byte[8 + random.nextInt(64)];
        random.nextBytes(args);
        byte[] keyId = new byte[32];
        keyId[0] = 1;
        TransactionBody body = new TransactionBody(TestValidators.CHAIN, new Sender.KeyId(Bytes.wrap(keyId)), "sim",
                "put", Bytes.wrap(args), Bytes.wrap(nonce), 1_000_000);
        byte[] signature = new byte[64];
        random.nextBytes(signature);
        return SignedTransaction.of(body.encode(), signature);
    }
}
