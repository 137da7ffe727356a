package io.meshledger.core.tx;

import com.google.protobuf.ByteString;
import io.meshledger.core.Bytes;
import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.testing.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransactionTest {
    private static final SigningKey KEY = SigningKey.generate(SignatureAlgorithm.ED25519, Seeded.secureRandom(3));
    private static final Bytes NONCE = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");

    enum SenderKind {
        CERTIFICATE, KEY_ID;

        Sender sender() {
            return switch (this) {
                case CERTIFICATE -> new Sender.Certificate(Bytes.fromHex("3082010a0282010100c0ffee"));
                case KEY_ID -> new Sender.KeyId(Bytes.wrap(new byte[32]));
            };
        }
    }

    static TransactionBody body(Sender sender, Bytes nonce) {
        return new TransactionBody("chain-1", sender, "datasets", "publish", Bytes.fromHex("cafe"), nonce, 1_000);
    }

    /** A valid body message to start from when building broken ones. */
    static io.meshledger.proto.v1.TransactionBody.Builder validProto() {
        return io.meshledger.proto.v1.TransactionBody.newBuilder()
                .setChainId("chain-1")
                .setSender(io.meshledger.proto.v1.Sender.newBuilder().setKeyId(ByteString.copyFrom(new byte[32])))
                .setContract("datasets")
                .setMethod("publish")
                .setNonce(ByteString.copyFrom(NONCE.toArray()))
                .setExpiryHeight(10);
    }

    static byte[] wire(byte[] body, byte[] signature) {
        return io.meshledger.proto.v1.Transaction.newBuilder()
                .setBody(ByteString.copyFrom(body)).setSignature(ByteString.copyFrom(signature)).build().toByteArray();
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void aBodySurvivesAnEncodeDecodeRoundTrip(SenderKind kind) {
        TransactionBody b = body(kind.sender(), NONCE);
        TransactionBody back = TransactionBody.decode(b.encode());
        assertEquals(b, back);
        assertEquals(kind.sender(), back.sender());
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void aSignedTransactionSurvivesTheWireKeepingIdBodyAndSignature(SenderKind kind) {
        SignedTransaction tx = SignedTransaction.sign(body(kind.sender(), NONCE), KEY);
        SignedTransaction back = SignedTransaction.decode(tx.encode());
        assertEquals(tx.id(), back.id());
        assertEquals(tx.body(), back.body());
        assertEquals(tx.signature(), back.signature());
        assertEquals(tx.decoded(), back.decoded());
        assertEquals(tx, back);
        assertEquals(tx.encode().length, tx.encodedSize());
        assertTrue(KEY.publicKey().verify(back.id().toArray(), back.signature().toArray()), "the signature covers the id");
    }

    @Test
    void theIdIsSha256OfTheTransactionDomainByteAndTheBodyBytes() throws Exception {
        SignedTransaction tx = SignedTransaction.sign(body(SenderKind.KEY_ID.sender(), NONCE), KEY);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update((byte) 0x10);
        md.update(tx.body().toArray());
        assertArrayEquals(md.digest(), tx.id().toArray());
        assertEquals(tx.id(), SignedTransaction.idOf(tx.body().toArray()));
    }

    @Test
    void twoBodiesThatDifferOnlyInTheirNonceHaveDifferentIds() {
        Bytes otherNonce = Bytes.fromHex("000102030405060708090a0b0c0d0e10");
        Hash a = SignedTransaction.sign(body(SenderKind.KEY_ID.sender(), NONCE), KEY).id();
        Hash b = SignedTransaction.sign(body(SenderKind.KEY_ID.sender(), otherNonce), KEY).id();
        assertNotEquals(a, b);
    }

    @Test
    void theIdIsComputedFromTheReceivedBytesNotFromAReEncoding() {
        // Unknown field 99 is kept in the bytes: a re-encoding would drop it and change the id.
        byte[] body = validProto().build().toByteArray();
        byte[] withUnknown = Arrays.copyOf(body, body.length + 3);
        withUnknown[body.length] = (byte) 0x98; // field 99, varint: tag = 99 << 3 = 792 = 0x98 0x06
        withUnknown[body.length + 1] = 0x06;
        withUnknown[body.length + 2] = 0x01;
        SignedTransaction tx = SignedTransaction.decode(wire(withUnknown, new byte[] {1}));
        assertEquals(SignedTransaction.idOf(withUnknown), tx.id());
        assertNotEquals(SignedTransaction.idOf(tx.decoded().encode()), tx.id());
    }

    @Test
    void bytesThatAreNotProtobufFailToDecode() {
        // Field 1, length 127, but only two bytes follow.
        byte[] truncated = {0x0a, 0x7f, 0x01, 0x02};
        DecodingException e = assertThrows(DecodingException.class, () -> SignedTransaction.decode(truncated));
        assertTrue(e.getMessage().contains("not valid protobuf"), e.getMessage());
        assertThrows(DecodingException.class, () -> TransactionBody.decode(truncated));
        assertThrows(DecodingException.class, () -> SignedTransaction.decode(new byte[] {(byte) 0xff, (byte) 0xff}));
    }

    @Test
    void aTransactionWithAnEmptyBodyFailsToDecode() {
        DecodingException e = assertThrows(DecodingException.class, () -> SignedTransaction.decode(wire(new byte[0], new byte[] {1})));
        assertTrue(e.getMessage().contains("empty body"), e.getMessage());
        assertThrows(DecodingException.class, () -> SignedTransaction.decode(new byte[0]));
    }

    @Test
    void aTransactionWithoutASignatureFailsToDecode() {
        DecodingException e = assertThrows(DecodingException.class,
                () -> SignedTransaction.decode(wire(validProto().build().toByteArray(), new byte[0])));
        assertTrue(e.getMessage().contains("no signature"), e.getMessage());
    }

    @Test
    void aBodyWithoutASenderFailsToDecode() {
        byte[] body = validProto().clearSender().build().toByteArray();
        DecodingException e = assertThrows(DecodingException.class, () -> SignedTransaction.decode(wire(body, new byte[] {1})));
        assertTrue(e.getMessage().contains("no sender"), e.getMessage());
        byte[] emptySender = validProto().setSender(io.meshledger.proto.v1.Sender.newBuilder()).build().toByteArray();
        assertThrows(DecodingException.class, () -> TransactionBody.decode(emptySender));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15})
    void aBodyWithANonceShorterThanSixteenBytesFailsToDecode(int length) {
        byte[] body = validProto().setNonce(ByteString.copyFrom(new byte[length])).build().toByteArray();
        DecodingException e = assertThrows(DecodingException.class, () -> TransactionBody.decode(body));
        assertTrue(e.getMessage().contains("nonce"), e.getMessage());
        assertEquals(16, TransactionBody.decode(validProto().setNonce(ByteString.copyFrom(new byte[16])).build()
                .toByteArray()).nonce().length(), "sixteen bytes is enough");
    }

    @Test
    void aBodyWithExpiryHeightZeroFailsToDecode() {
        byte[] body = validProto().setExpiryHeight(0).build().toByteArray();
        DecodingException e = assertThrows(DecodingException.class, () -> TransactionBody.decode(body));
        assertTrue(e.getMessage().contains("expiry"), e.getMessage());
    }

    @Test
    void aBodyWithAnExpiryHeightAboveTheSignedRangeFailsToDecode() {
        // uint64 on the wire, long in Java: 2^63 and above read as negative.
        byte[] body = validProto().setExpiryHeight(-1L).build().toByteArray();
        assertThrows(DecodingException.class, () -> TransactionBody.decode(body));
    }

    @Test
    void aBodyWithoutChainIdContractOrMethodFailsToDecode() {
        for (var broken : new io.meshledger.proto.v1.TransactionBody[] {
                validProto().clearChainId().build(), validProto().clearContract().build(), validProto().clearMethod().build()}) {
            assertThrows(DecodingException.class, () -> TransactionBody.decode(broken.toByteArray()));
        }
    }

    @Test
    void aKeyIdSenderOfTheWrongLengthFailsToDecode() {
        byte[] body = validProto().setSender(io.meshledger.proto.v1.Sender.newBuilder()
                .setKeyId(ByteString.copyFrom(new byte[31]))).build().toByteArray();
        DecodingException e = assertThrows(DecodingException.class, () -> TransactionBody.decode(body));
        assertTrue(e.getMessage().contains("key id"), e.getMessage());
    }

    @Test
    void anEmptyCertificateSenderFailsToDecode() {
        byte[] body = validProto().setSender(io.meshledger.proto.v1.Sender.newBuilder()
                .setCertificateDer(ByteString.EMPTY)).build().toByteArray();
        DecodingException e = assertThrows(DecodingException.class, () -> TransactionBody.decode(body));
        assertTrue(e.getMessage().contains("certificate"), e.getMessage());
    }

    @Test
    void theBodyConstructorRefusesWhatDecodingRefuses() {
        Sender s = SenderKind.KEY_ID.sender();
        assertThrows(IllegalArgumentException.class, () -> body(s, Bytes.wrap(new byte[15])));
        assertThrows(IllegalArgumentException.class,
                () -> new TransactionBody("c", s, "k", "m", Bytes.EMPTY, NONCE, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new TransactionBody("", s, "k", "m", Bytes.EMPTY, NONCE, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sender.KeyId(Bytes.wrap(new byte[33])));
        assertThrows(IllegalArgumentException.class, () -> new Sender.Certificate(Bytes.EMPTY));
    }

    /**
     * Property: whatever happens to a valid transaction on the wire, decoding either
     * succeeds or fails with DecodingException; no other exception reaches the caller.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void corruptedWireBytesDecodeOrFailWithDecodingExceptionOnly(long seed) {
        Random random = new Random(seed);
        SenderKind kind = SenderKind.values()[random.nextInt(2)];
        byte[] good = SignedTransaction.sign(body(kind.sender(), Bytes.wrap(Seeded.bytes(random, 16 + random.nextInt(8)))), KEY)
                .encode();
        for (int i = 0; i < 50; i++) {
            byte[] bad = good.clone();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                bad = Arrays.copyOf(bad, random.nextInt(bad.length));
            }
            try {
                SignedTransaction tx = SignedTransaction.decode(bad);
                assertEquals(SignedTransaction.idOf(tx.body().toArray()), tx.id());
            } catch (DecodingException expected) {
                // the one allowed failure
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " mutation " + i + " threw " + e, e);
            }
        }
    }

    static LongStream seeds() {
        return LongStream.range(0, 40);
    }
}
