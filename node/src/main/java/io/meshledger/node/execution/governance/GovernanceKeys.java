package io.meshledger.node.execution.governance;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The governance namespace's key layout: {@code contract/<name>} for active code,
 * {@code proposal/<id, 8 bytes big-endian>} for proposals (so scans list them in
 * id order), and {@code next-proposal-id} for the counter.
 */
final class GovernanceKeys {
    static final byte[] NEXT_PROPOSAL_ID = "next-proposal-id".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONTRACT_PREFIX = "contract/".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PROPOSAL_PREFIX = "proposal/".getBytes(StandardCharsets.UTF_8);

    private GovernanceKeys() {
    }

    static byte[] contract(String name) {
        byte[] suffix = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(CONTRACT_PREFIX.length + suffix.length).put(CONTRACT_PREFIX).put(suffix).array();
    }

    static byte[] proposal(long id) {
        return ByteBuffer.allocate(PROPOSAL_PREFIX.length + Long.BYTES).put(PROPOSAL_PREFIX).putLong(id).array();
    }
}
