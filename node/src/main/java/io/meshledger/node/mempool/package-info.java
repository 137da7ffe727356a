/**
 * Mempool admission: the checks a submitted transaction passes before
 * consensus (size, decoding, chain, expiry, duplicates, identity, signature in
 * parallel batches), each rejection with a stable reason code, and the bounded
 * arrival-ordered pool the proposer draws batches from.
 *
 * <p>Co-verification: a transaction a peer forwards is verified here only when
 * the batch names this node one of its {@code f} co-verifiers; otherwise it
 * waits in the pool on the forwarder's word until {@code f + 1} validators in
 * all vouched for it (at least one of them honest). Nothing is proposed, or
 * trusted in a peer's proposal, on fewer.
 */
package io.meshledger.node.mempool;
