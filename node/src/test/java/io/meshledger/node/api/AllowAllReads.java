package io.meshledger.node.api;

import io.meshledger.core.receipt.Event;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.proto.v1.Transaction;

/** Test-only access for tests that are not about access: everyone is anonymous and may read everything. */
final class AllowAllReads implements ReadAccess {
    @Override
    public Reader reader(Transaction auth) {
        return Reader.ANONYMOUS;
    }

    @Override
    public boolean mayRead(Reader reader, Event event) {
        return true;
    }

    @Override
    public boolean mayRead(Reader reader, SignedTransaction transaction) {
        return true;
    }

    @Override
    public boolean mayRead(Reader reader, String contract, byte[] key) {
        return true;
    }
}
