/**
 * Mempool admission: the checks a submitted transaction passes before
 * consensus (size, decoding, chain, expiry, duplicates, identity, signature in
 * parallel batches), each rejection with a stable reason code, and the bounded
 * arrival-ordered pool the proposer draws batches from.
 */
package io.meshledger.node.mempool;
