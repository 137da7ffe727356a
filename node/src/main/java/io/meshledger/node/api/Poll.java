package io.meshledger.node.api;

/** What one step of reading a stream's source found. */
sealed interface Poll<T> {
    /** The next item to send. */
    record Item<T>(T value) implements Poll<T> {
    }

    /** Nothing more up to the tip: wait for the next commit. */
    record CaughtUp<T>() implements Poll<T> {
    }

    /** Scanned its share of blocks without a match; more remain below the tip. */
    record Scanned<T>() implements Poll<T> {
    }
}
