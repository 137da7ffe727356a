package io.meshledger.node.consensus;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.AccumulatorFrontier;

/** What a child block is checked against: its parent's identity, position, time and accumulator after it. */
record ChainLink(Hash hash, long height, long round, long timestampMs, AccumulatorFrontier frontier) {
}
