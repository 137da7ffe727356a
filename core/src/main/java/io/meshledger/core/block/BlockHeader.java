package io.meshledger.core.block;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.meshledger.core.Bytes;
import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;

import java.util.Objects;

/**
 * The hashed part of a block. It commits to the block's transactions and to the
 * ledger-wide accumulator after them (computable by the proposer from the
 * parent's accumulator frontier); the state after execution is bound later by
 * the block's ledger certificate.
 *
 * @param chainId           chain the block belongs to
 * @param epoch             validator-set epoch
 * @param height            position in the chain, genesis child = 1
 * @param round             consensus round that proposed it
 * @param parentHash        hash of the block at {@code height - 1} ({@link Hash#ZERO} at height 1)
 * @param transactionsRoot  RFC 9162 root over this block's transaction ids
 * @param txAccumulatorRoot root of the ledger-wide accumulator after this block's transactions
 * @param txCountTotal      transactions in the ledger up to and including this block
 * @param timestampMs       proposer's clock, milliseconds since the epoch
 * @param proposer          fingerprint of the proposer's certificate
 */
public record BlockHeader(String chainId, long epoch, long height, long round, Hash parentHash,
                          Hash transactionsRoot, Hash txAccumulatorRoot, long txCountTotal,
                          long timestampMs, Bytes proposer) {
    public BlockHeader {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(parentHash, "parentHash");
        Objects.requireNonNull(transactionsRoot, "transactionsRoot");
        Objects.requireNonNull(txAccumulatorRoot, "txAccumulatorRoot");
        Objects.requireNonNull(proposer, "proposer");
        if (height < 1 || epoch < 0 || round < 0 || txCountTotal < 0 || timestampMs < 0) {
            throw new IllegalArgumentException("header numbers out of range: height=" + height + " epoch=" + epoch
                    + " round=" + round + " txCountTotal=" + txCountTotal + " timestampMs=" + timestampMs);
        }
    }

    public byte[] encode() {
        return io.meshledger.proto.v1.BlockHeader.newBuilder()
                .setChainId(chainId)
                .setEpoch(epoch)
                .setHeight(height)
                .setRound(round)
                .setParentHash(bs(parentHash))
                .setTransactionsRoot(bs(transactionsRoot))
                .setTxAccumulatorRoot(bs(txAccumulatorRoot))
                .setTxCountTotal(txCountTotal)
                .setTimestampMs(timestampMs)
                .setProposer(UnsafeByteOperations.unsafeWrap(proposer.unsafeArray()))
                .build()
                .toByteArray();
    }

    public static BlockHeader decode(byte[] bytes) {
        try {
            var p = io.meshledger.proto.v1.BlockHeader.parseFrom(bytes);
            return new BlockHeader(p.getChainId(), p.getEpoch(), p.getHeight(), p.getRound(),
                    hash(p.getParentHash(), "parent_hash"), hash(p.getTransactionsRoot(), "transactions_root"),
                    hash(p.getTxAccumulatorRoot(), "tx_accumulator_root"), p.getTxCountTotal(),
                    p.getTimestampMs(), Bytes.wrap(p.getProposer().toByteArray()));
        } catch (InvalidProtocolBufferException e) {
            throw new DecodingException("block header is not valid protobuf: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new DecodingException("invalid block header: " + e.getMessage(), e);
        }
    }

    static ByteString bs(Hash h) {
        return UnsafeByteOperations.unsafeWrap(h.unsafeArray());
    }

    static Hash hash(ByteString b, String field) {
        if (b.size() != Hash.LENGTH) {
            throw new DecodingException(field + " must be " + Hash.LENGTH + " bytes, got " + b.size());
        }
        return Hash.of(b.toByteArray());
    }
}
