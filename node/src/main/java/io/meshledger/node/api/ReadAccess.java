package io.meshledger.node.api;

import io.meshledger.core.receipt.Event;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.proto.v1.Transaction;

/**
 * What a reader may see of restricted datasets. Queries and streams carry an
 * optional signed query ({@code auth}, see api.proto's ReadAuthorisation);
 * without one the reader is anonymous and sees public data only. Rights are
 * judged against the latest committed state, so a revoked grant stops reads
 * at once, including of history written while it was held.
 */
public interface ReadAccess {
    /**
     * The reader a request's {@code auth} field names: anonymous when it is
     * unset (the default instance).
     *
     * @throws io.grpc.StatusRuntimeException with a stable reason (MALFORMED,
     *         WRONG_CHAIN, EXPIRED, UNKNOWN_IDENTITY, INVALID_SIGNATURE) when it is set but not valid
     */
    Reader reader(Transaction auth);

    /** Whether the reader may see an event (events of restricted datasets need a read right). */
    boolean mayRead(Reader reader, Event event);

    /** Whether the reader may see a transaction (writes to restricted datasets need a read right). */
    boolean mayRead(Reader reader, SignedTransaction transaction);

    /** Whether the reader may read a state entry of {@code contract} (records of restricted datasets need a read right). */
    boolean mayRead(Reader reader, String contract, byte[] key);
}
