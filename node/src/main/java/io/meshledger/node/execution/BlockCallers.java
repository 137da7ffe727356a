package io.meshledger.node.execution;

import io.meshledger.contracts.Caller;
import io.meshledger.core.Bytes;
import io.meshledger.core.tx.Sender;

import java.util.HashMap;
import java.util.Map;

/**
 * The callers of one block's transactions. Whether a certificate is a member's
 * depends only on the certificate and the block's timestamp, the same for every
 * transaction of the block, so each sender is resolved once per block rather
 * than once per transaction (which hashes and looks up the whole certificate).
 * Refusals are not kept: they are rare and resolved again, to the same verdict.
 * <p>
 * One block's execution only: not thread-safe.
 */
final class BlockCallers {
    private final Callers callers;
    private final long timestampMs;
    private final Map<Bytes, Caller> members = new HashMap<>();

    BlockCallers(Callers callers, long timestampMs) {
        this.callers = callers;
        this.timestampMs = timestampMs;
    }

    /**
     * The caller {@code sender} is at this block's timestamp, as {@link Callers#of} says.
     *
     * @throws io.meshledger.contracts.ContractException {@code UNKNOWN_IDENTITY} as {@link Callers#of} does
     */
    Caller of(Sender sender) {
        if (!(sender instanceof Sender.Certificate certificate)) {
            return callers.of(sender, timestampMs);
        }
        Caller known = members.get(certificate.der());
        if (known != null) {
            return known;
        }
        Caller caller = callers.of(sender, timestampMs);
        members.put(certificate.der(), caller);
        return caller;
    }
}
