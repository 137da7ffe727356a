package io.meshledger.core.tx;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.meshledger.core.Bytes;
import io.meshledger.core.DecodingException;

import java.util.Objects;

/**
 * The signed part of a transaction (ARCHITECTURE.md, Transactions and identity).
 *
 * @param chainId      the chain the transaction is for; other chains reject it
 * @param sender       who signs it
 * @param contract     the contract called
 * @param method       the contract method called
 * @param args         method arguments, opaque to the ledger
 * @param nonce        random bytes (at least 16) so equal calls have different ids
 * @param expiryHeight last height at which the transaction may be committed
 */
public record TransactionBody(String chainId, Sender sender, String contract, String method,
                              Bytes args, Bytes nonce, long expiryHeight) {
    /** Shortest nonce accepted. */
    public static final int MIN_NONCE_LENGTH = 16;

    public TransactionBody {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(nonce, "nonce");
        if (chainId.isEmpty() || contract.isEmpty() || method.isEmpty()) {
            throw new IllegalArgumentException("chain id, contract and method must not be empty");
        }
        if (nonce.length() < MIN_NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce must be at least " + MIN_NONCE_LENGTH + " bytes, got " + nonce.length());
        }
        if (expiryHeight < 1) {
            throw new IllegalArgumentException("expiry height must be >= 1, got " + expiryHeight);
        }
    }

    /** The protobuf encoding: these are the bytes that get signed and hashed. */
    public byte[] encode() {
        var sb = io.meshledger.proto.v1.Sender.newBuilder();
        switch (sender) {
            case Sender.Certificate c -> sb.setCertificateDer(UnsafeByteOperations.unsafeWrap(c.der().unsafeArray()));
            case Sender.KeyId k -> sb.setKeyId(UnsafeByteOperations.unsafeWrap(k.id().unsafeArray()));
        }
        return io.meshledger.proto.v1.TransactionBody.newBuilder()
                .setChainId(chainId)
                .setSender(sb)
                .setContract(contract)
                .setMethod(method)
                .setArgs(UnsafeByteOperations.unsafeWrap(args.unsafeArray()))
                .setNonce(UnsafeByteOperations.unsafeWrap(nonce.unsafeArray()))
                .setExpiryHeight(expiryHeight)
                .build()
                .toByteArray();
    }

    /** Decodes and validates body bytes; throws {@link DecodingException} saying what is wrong. */
    public static TransactionBody decode(byte[] bytes) {
        io.meshledger.proto.v1.TransactionBody p;
        try {
            p = io.meshledger.proto.v1.TransactionBody.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new DecodingException("transaction body is not valid protobuf: " + e.getMessage(), e);
        }
        try {
            Sender sender = switch (p.getSender().getIdentityCase()) {
                case CERTIFICATE_DER -> new Sender.Certificate(Bytes.wrap(p.getSender().getCertificateDer().toByteArray()));
                case KEY_ID -> new Sender.KeyId(Bytes.wrap(p.getSender().getKeyId().toByteArray()));
                case IDENTITY_NOT_SET -> throw new DecodingException("transaction has no sender");
            };
            return new TransactionBody(p.getChainId(), sender, p.getContract(), p.getMethod(),
                    Bytes.wrap(p.getArgs().toByteArray()), Bytes.wrap(p.getNonce().toByteArray()), p.getExpiryHeight());
        } catch (IllegalArgumentException e) {
            throw new DecodingException("invalid transaction body: " + e.getMessage(), e);
        }
    }
}
