package io.meshledger.node.api;

import io.meshledger.core.block.Block;
import io.meshledger.node.storage.LedgerStore;
import io.meshledger.proto.v1.BlockEnvelope;

/**
 * Committed blocks in order from a height, each with its hash and, when the
 * store already holds it, its ledger certificate (certificates trail commits by
 * a block or two, so the newest blocks of a live stream often come without one;
 * {@code Query.GetLedgerDigest} serves it later).
 */
final class BlockScan implements StreamSource<BlockEnvelope> {
    private final LedgerStore ledger;
    private long next;

    /** @param fromHeight first height to send; 0 means 1 */
    BlockScan(LedgerStore ledger, long fromHeight) {
        this.ledger = ledger;
        this.next = Math.max(1, fromHeight);
    }

    @Override
    public Poll<BlockEnvelope> next() {
        if (next > ledger.tip().height()) {
            return new Poll.CaughtUp<>();
        }
        Block block = ledger.block(next).orElseThrow(() -> new IllegalStateException(
                "block " + next + " is at or below the tip " + ledger.tip().height() + " but the store lacks it"));
        BlockEnvelope.Builder out = BlockEnvelope.newBuilder().setBlock(block.toProto())
                .setBlockHash(ProtoBytes.of(block.hash()));
        ledger.certificate(next).ifPresent(c -> out.setCertificate(c.toProto()));
        next++;
        return new Poll.Item<>(out.build());
    }

    @Override
    public String position() {
        return "height " + next;
    }
}
