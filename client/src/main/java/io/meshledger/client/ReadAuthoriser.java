package io.meshledger.client;

import io.meshledger.proto.v1.Transaction;

/**
 * Makes the signed read authorisation ({@code auth}) a query or subscription
 * carries, so restricted data reaches readers with a grant. A subscription asks
 * for a fresh one at every (re)connection, because each expires a few blocks
 * past the tip it was made for.
 */
@FunctionalInterface
public interface ReadAuthoriser {
    /** The contract and method a read authorisation names (it is never run or submitted). */
    String READ_CONTRACT = "meshledger.read";
    String READ_METHOD = "read";

    /** A signed read authorisation valid at {@code tipHeight}. */
    Transaction authorise(long tipHeight);

    /**
     * Signs with {@code factory}'s identity, valid until {@code validityBlocks}
     * past the tip: short, since anyone holding it may replay it until then.
     */
    static ReadAuthoriser signing(TransactionFactory factory, long validityBlocks) {
        return tip -> factory.create(READ_CONTRACT, READ_METHOD, new byte[0], tip + validityBlocks).toProto();
    }
}
