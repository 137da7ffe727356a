package io.meshledger.node.mempool;

import io.meshledger.core.crypto.PublicKeyInfo;
import io.meshledger.core.tx.SignedTransaction;

/** A transaction that passed the cheap checks and awaits its signature check. */
record Candidate(int slot, SignedTransaction tx, PublicKeyInfo key, int size) {
}
