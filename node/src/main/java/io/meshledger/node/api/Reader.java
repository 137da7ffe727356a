package io.meshledger.node.api;

import io.meshledger.contracts.Caller;

/** Who is reading: an authenticated member, or anonymous. */
public sealed interface Reader {
    /** No signed query came with the request. */
    record Anonymous() implements Reader {
    }

    /** A member whose signed query checked out. */
    record Member(Caller caller) implements Reader {
    }

    Reader ANONYMOUS = new Anonymous();
}
