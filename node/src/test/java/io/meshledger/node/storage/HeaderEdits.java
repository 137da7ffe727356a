package io.meshledger.node.storage;

import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.crypto.Hash;

/** A valid block with one header field changed (and so a new hash), for refusal tests. */
final class HeaderEdits {
    private HeaderEdits() {
    }

    static Block withHeight(Block b, long height) {
        BlockHeader h = b.header();
        return rebuild(b, new BlockHeader(h.chainId(), h.epoch(), height, h.round(), h.parentHash(),
                h.transactionsRoot(), h.txAccumulatorRoot(), h.txCountTotal(), h.timestampMs(), h.proposer()));
    }

    static Block withParent(Block b, Hash parent) {
        BlockHeader h = b.header();
        return rebuild(b, new BlockHeader(h.chainId(), h.epoch(), h.height(), h.round(), parent,
                h.transactionsRoot(), h.txAccumulatorRoot(), h.txCountTotal(), h.timestampMs(), h.proposer()));
    }

    static Block withTransactionsRoot(Block b, Hash root) {
        BlockHeader h = b.header();
        return rebuild(b, new BlockHeader(h.chainId(), h.epoch(), h.height(), h.round(), h.parentHash(),
                root, h.txAccumulatorRoot(), h.txCountTotal(), h.timestampMs(), h.proposer()));
    }

    static Block withAccumulatorRoot(Block b, Hash root) {
        BlockHeader h = b.header();
        return rebuild(b, new BlockHeader(h.chainId(), h.epoch(), h.height(), h.round(), h.parentHash(),
                h.transactionsRoot(), root, h.txCountTotal(), h.timestampMs(), h.proposer()));
    }

    static Block withTxCountTotal(Block b, long count) {
        BlockHeader h = b.header();
        return rebuild(b, new BlockHeader(h.chainId(), h.epoch(), h.height(), h.round(), h.parentHash(),
                h.transactionsRoot(), h.txAccumulatorRoot(), count, h.timestampMs(), h.proposer()));
    }

    private static Block rebuild(Block b, BlockHeader header) {
        return Block.create(header, b.transactions());
    }
}
