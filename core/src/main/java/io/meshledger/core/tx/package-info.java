/** Transactions: the signed body, its canonical bytes and id, and the sender. */
package io.meshledger.core.tx;
