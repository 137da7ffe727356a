package io.meshledger.node.execution;

/**
 * What state access costs, charged to the transaction's meter whether a system
 * or a user contract asks; bytes are charged so large values cost more than
 * small ones. Changing a number changes which transactions run out of gas: it
 * is a protocol change.
 */
final class GasCosts {
    static final long READ = 100;
    static final long WRITE = 500;
    static final long SCAN = 200;
    static final long SCAN_ENTRY = 50;
    static final long EVENT = 200;
    static final long CALL = 1_000;
    static final long PER_BYTE = 1;

    private GasCosts() {
    }
}
