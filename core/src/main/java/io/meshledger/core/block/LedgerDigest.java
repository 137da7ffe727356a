package io.meshledger.core.block;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.HashDomain;
import io.meshledger.core.crypto.Hashing;

import java.util.Objects;

/**
 * What validators sign after executing block {@code height}: everything an
 * auditor needs to anchor a proof. The accumulator's size ({@code txCount})
 * travels with its root, because an inclusion proof pins a leaf's index only
 * relative to a tree size the verifier trusts.
 */
public record LedgerDigest(String chainId, long epoch, long height, Hash blockHash,
                           Hash txAccumulatorRoot, long txCount, Hash stateRoot, long timestampMs) {
    public LedgerDigest {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(txAccumulatorRoot, "txAccumulatorRoot");
        Objects.requireNonNull(stateRoot, "stateRoot");
        if (height < 1 || epoch < 0 || timestampMs < 0 || txCount < 0) {
            throw new IllegalArgumentException("digest numbers out of range: height=" + height + " epoch=" + epoch + " txCount=" + txCount);
        }
    }

    public byte[] encode() {
        return io.meshledger.proto.v1.LedgerDigest.newBuilder()
                .setChainId(chainId)
                .setEpoch(epoch)
                .setHeight(height)
                .setBlockHash(BlockHeader.bs(blockHash))
                .setTxAccumulatorRoot(BlockHeader.bs(txAccumulatorRoot))
                .setTxCount(txCount)
                .setStateRoot(BlockHeader.bs(stateRoot))
                .setTimestampMs(timestampMs)
                .build()
                .toByteArray();
    }

    public static LedgerDigest decode(byte[] bytes) {
        try {
            var p = io.meshledger.proto.v1.LedgerDigest.parseFrom(bytes);
            return new LedgerDigest(p.getChainId(), p.getEpoch(), p.getHeight(),
                    BlockHeader.hash(p.getBlockHash(), "block_hash"),
                    BlockHeader.hash(p.getTxAccumulatorRoot(), "tx_accumulator_root"), p.getTxCount(),
                    BlockHeader.hash(p.getStateRoot(), "state_root"), p.getTimestampMs());
        } catch (InvalidProtocolBufferException e) {
            throw new DecodingException("ledger digest is not valid protobuf: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new DecodingException("invalid ledger digest: " + e.getMessage(), e);
        }
    }

    /** What a validator signs: H(LEDGER_DIGEST || encoded digest bytes). */
    public static Hash signingHash(byte[] digestBytes) {
        return Hashing.hash(HashDomain.LEDGER_DIGEST, digestBytes);
    }
}
