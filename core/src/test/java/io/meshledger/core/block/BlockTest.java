package io.meshledger.core.block;

import com.google.protobuf.ByteString;
import io.meshledger.core.Bytes;
import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.HashDomain;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.testing.Seeded;
import io.meshledger.core.tx.Sender;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockTest {
    private static final SigningKey KEY = SigningKey.generate(SignatureAlgorithm.ED25519, Seeded.secureRandom(9));

    static Hash h(String label) {
        return Hashing.sha256(label.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static BlockHeader header(long height) {
        return new BlockHeader("chain-1", 2, height, 5, h("parent"), h("txroot"), h("acc"), 1234,
                1_700_000_000_000L, h("proposer").toBytes());
    }

    static List<SignedTransaction> transactions(int count) {
        List<SignedTransaction> txs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] nonce = new byte[16];
            nonce[0] = (byte) i;
            txs.add(SignedTransaction.sign(new TransactionBody("chain-1", new Sender.KeyId(h("sender").toBytes()),
                    "datasets", "publish", Bytes.wrap(new byte[] {(byte) i}), Bytes.wrap(nonce), 100), KEY));
        }
        return txs;
    }

    static io.meshledger.proto.v1.BlockHeader.Builder headerProto() {
        return io.meshledger.proto.v1.BlockHeader.newBuilder()
                .setChainId("chain-1")
                .setHeight(1)
                .setParentHash(ByteString.copyFrom(new byte[32]))
                .setTransactionsRoot(ByteString.copyFrom(new byte[32]))
                .setTxAccumulatorRoot(ByteString.copyFrom(new byte[32]));
    }

    @Test
    void aHeaderSurvivesAnEncodeDecodeRoundTrip() {
        BlockHeader h = header(7);
        assertEquals(h, BlockHeader.decode(h.encode()));
        BlockHeader minimal = new BlockHeader("c", 0, 1, 0, Hash.ZERO, Hash.ZERO, Hash.ZERO, 0, 0, Bytes.EMPTY);
        assertEquals(minimal, BlockHeader.decode(minimal.encode()), "default values too");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void aBlockSurvivesAnEncodeDecodeRoundTrip(int txCount) {
        Block b = Block.create(header(3), transactions(txCount));
        Block back = Block.decode(b.encode());
        assertEquals(b, back);
        assertEquals(b.hash(), back.hash());
        assertEquals(b.transactionIds(), back.transactionIds());
        assertEquals(3, back.height());
        assertEquals(h("parent"), back.parentHash());
    }

    @Test
    void theBlockHashIsSha256OfTheHeaderDomainByteAndTheHeaderBytes() throws Exception {
        Block b = Block.create(header(4), transactions(2));
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update((byte) 0x11);
        md.update(b.headerBytes().toArray());
        assertArrayEquals(md.digest(), b.hash().toArray());
        assertArrayEquals(header(4).encode(), b.headerBytes().toArray());
    }

    @Test
    void theBlockHashCoversTheHeaderButNotTheTransactionList() {
        // Transactions are bound through transactions_root in the header, not hashed directly.
        assertEquals(Block.create(header(4), transactions(0)).hash(), Block.create(header(4), transactions(2)).hash());
        assertNotEquals(Block.create(header(4), List.of()).hash(), Block.create(header(5), List.of()).hash());
    }

    @Test
    void aDecodedBlockIsHashedOverTheHeaderBytesItReceived() {
        // An unknown field survives in the bytes; a re-encoding would drop it and hash differently.
        byte[] headerBytes = headerProto().build().toByteArray();
        byte[] withUnknown = java.util.Arrays.copyOf(headerBytes, headerBytes.length + 3);
        withUnknown[headerBytes.length] = (byte) 0x98;
        withUnknown[headerBytes.length + 1] = 0x06;
        withUnknown[headerBytes.length + 2] = 0x01;
        byte[] wire = io.meshledger.proto.v1.Block.newBuilder().setHeader(ByteString.copyFrom(withUnknown)).build().toByteArray();
        Block b = Block.decode(wire);
        assertEquals(Block.hashOf(withUnknown), b.hash());
        assertNotEquals(Block.hashOf(b.header().encode()), b.hash());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 31, 33})
    void aHeaderWithAParentHashOfTheWrongLengthFailsNamingTheField(int length) {
        byte[] bytes = headerProto().setParentHash(ByteString.copyFrom(new byte[length])).build().toByteArray();
        DecodingException e = assertThrows(DecodingException.class, () -> BlockHeader.decode(bytes));
        assertTrue(e.getMessage().contains("parent_hash") && e.getMessage().contains("got " + length), e.getMessage());
    }

    @Test
    void everyHashFieldOfTheHeaderIsCheckedAndNamed() {
        var cases = java.util.Map.of(
                "transactions_root", headerProto().setTransactionsRoot(ByteString.copyFrom(new byte[31])),
                "tx_accumulator_root", headerProto().setTxAccumulatorRoot(ByteString.copyFrom(new byte[31])));
        cases.forEach((field, proto) -> {
            DecodingException e = assertThrows(DecodingException.class, () -> BlockHeader.decode(proto.build().toByteArray()));
            assertTrue(e.getMessage().contains(field), e.getMessage());
        });
    }

    @Test
    void aHeaderAtHeightZeroFailsToDecode() {
        byte[] bytes = headerProto().setHeight(0).build().toByteArray();
        DecodingException e = assertThrows(DecodingException.class, () -> BlockHeader.decode(bytes));
        assertTrue(e.getMessage().contains("height=0"), e.getMessage());
    }

    @Test
    void garbageFailsToDecodeAsABlockOrHeader() {
        byte[] garbage = {0x0a, 0x7f, 0x01};
        assertThrows(DecodingException.class, () -> Block.decode(garbage));
        assertThrows(DecodingException.class, () -> BlockHeader.decode(garbage));
    }

    @Test
    void aBlockCarryingABrokenTransactionFailsToDecode() {
        byte[] wire = io.meshledger.proto.v1.Block.newBuilder()
                .setHeader(ByteString.copyFrom(header(1).encode()))
                .addTransactions(io.meshledger.proto.v1.Transaction.newBuilder().setSignature(ByteString.copyFrom(new byte[] {1})))
                .build().toByteArray();
        assertThrows(DecodingException.class, () -> Block.decode(wire));
    }

    static LedgerDigest digest() {
        return new LedgerDigest("chain-1", 2, 9, h("block"), h("acc"), 41, h("state"), 1_700_000_000_123L);
    }

    @Test
    void aLedgerDigestSurvivesAnEncodeDecodeRoundTrip() {
        assertEquals(digest(), LedgerDigest.decode(digest().encode()));
    }

    @Test
    void theDigestSigningHashIsSha256OfTheLedgerDigestDomainByteAndTheDigestBytes() throws Exception {
        byte[] bytes = digest().encode();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update((byte) 0x12);
        md.update(bytes);
        assertArrayEquals(md.digest(), LedgerDigest.signingHash(bytes).toArray());
        assertEquals(Hashing.hash(HashDomain.LEDGER_DIGEST, bytes), LedgerDigest.signingHash(bytes));
    }

    @Test
    void aLedgerDigestWithAShortBlockHashFailsNamingTheField() {
        byte[] bytes = io.meshledger.proto.v1.LedgerDigest.newBuilder().setChainId("c").setHeight(1)
                .setBlockHash(ByteString.copyFrom(new byte[31]))
                .setTxAccumulatorRoot(ByteString.copyFrom(new byte[32]))
                .setStateRoot(ByteString.copyFrom(new byte[32])).build().toByteArray();
        DecodingException e = assertThrows(DecodingException.class, () -> LedgerDigest.decode(bytes));
        assertTrue(e.getMessage().contains("block_hash"), e.getMessage());
    }

    @Test
    void aLedgerCertificateSurvivesAnEncodeDecodeRoundTrip() {
        Hash signing = LedgerDigest.signingHash(digest().encode());
        List<ValidatorSignature> sigs = List.of(
                new ValidatorSignature(new IdentityId(h("v1")), Bytes.wrap(KEY.sign(signing.toArray()))),
                new ValidatorSignature(new IdentityId(h("v2")), Bytes.fromHex("0102")));
        LedgerCertificate cert = LedgerCertificate.of(digest(), sigs);
        LedgerCertificate back = LedgerCertificate.decode(cert.encode());
        assertEquals(cert, back);
        assertEquals(digest(), back.digest());
        assertEquals(sigs, back.signatures());
        assertArrayEquals(digest().encode(), back.digestBytes().toArray());
    }

    @Test
    void aValidatorSignatureWithAShortValidatorIdFailsToDecode() {
        byte[] bytes = io.meshledger.proto.v1.LedgerCertificate.newBuilder()
                .setDigest(ByteString.copyFrom(digest().encode()))
                .addSignatures(io.meshledger.proto.v1.ValidatorSignature.newBuilder()
                        .setValidatorId(ByteString.copyFrom(new byte[31])).setSignature(ByteString.copyFrom(new byte[64])))
                .build().toByteArray();
        DecodingException e = assertThrows(DecodingException.class, () -> LedgerCertificate.decode(bytes));
        assertTrue(e.getMessage().contains("validator id"), e.getMessage());
    }

    @Test
    void garbageFailsToDecodeAsALedgerCertificateOrDigest() {
        byte[] garbage = {0x0a, 0x7f, 0x01};
        assertThrows(DecodingException.class, () -> LedgerCertificate.decode(garbage));
        assertThrows(DecodingException.class, () -> LedgerDigest.decode(garbage));
    }
}
