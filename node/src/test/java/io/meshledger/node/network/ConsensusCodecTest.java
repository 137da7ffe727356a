package io.meshledger.node.network;

import com.google.protobuf.ByteString;
import io.meshledger.node.consensus.ConsensusMessage;
import io.meshledger.node.consensus.Proposal;
import io.meshledger.node.consensus.TimeoutMessage;
import io.meshledger.node.consensus.Vote;
import io.meshledger.proto.v1.ValidatorSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ConsensusCodecTest {
    private static final int CASES = 300;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 20_240_601})
    void everyConsensusMessageRoundTripsToAnEqualRecord(long seed) throws Exception {
        RandomConsensus gen = new RandomConsensus(seed);
        for (int i = 0; i < CASES; i++) {
            ConsensusMessage m = gen.message();
            ConsensusMessage decoded = ConsensusCodec.decode(ConsensusCodec.encode(m));
            assertEquals(m, decoded, "seed " + seed + " case " + i);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 8, 9})
    void certifiedBlocksRoundTripWithAndWithoutLedgerCertificate(long seed) throws Exception {
        RandomConsensus gen = new RandomConsensus(seed);
        for (int i = 0; i < CASES; i++) {
            CertifiedBlock b = gen.certifiedBlock();
            assertEquals(b, ConsensusCodec.decodeCertifiedBlock(ConsensusCodec.encode(b)), "seed " + seed + " case " + i);
        }
    }

    @Test
    void receiverRecomputesTheCanonicalSigningHashesFromTheFields() throws Exception {
        RandomConsensus gen = new RandomConsensus(11);
        for (int i = 0; i < 50; i++) {
            Vote vote = gen.vote();
            Vote decodedVote = (Vote) ConsensusCodec.decode(ConsensusCodec.encode(vote));
            assertEquals(vote.data().signingHash(), decodedVote.data().signingHash());
            TimeoutMessage t = gen.timeoutMessage();
            TimeoutMessage decodedTimeout = (TimeoutMessage) ConsensusCodec.decode(ConsensusCodec.encode(t));
            assertEquals(t.timeout().data().signingHash(), decodedTimeout.timeout().data().signingHash());
            assertEquals(t.highQc().data().signingHash(), decodedTimeout.highQc().data().signingHash());
        }
    }

    @Test
    void randomGarbageOnlyEverFailsAsMalformed() {
        Random random = new Random(5);
        int rejected = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] garbage = new byte[random.nextInt(300)];
            random.nextBytes(garbage);
            if (decodesOrIsMalformed(garbage)) {
                rejected++;
            }
            if (decodesCertifiedBlockOrIsMalformed(garbage)) {
                rejected++;
            }
        }
        assertTrue(rejected > 3_900, "almost all garbage must be rejected, rejected " + rejected);
    }

    @Test
    void mutatedAndTruncatedEncodingsOnlyEverFailAsMalformed() {
        RandomConsensus gen = new RandomConsensus(6);
        Random random = gen.random();
        for (int i = 0; i < 2_000; i++) {
            byte[] valid = ConsensusCodec.encode(gen.message());
            byte[] mutated = valid.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            decodesOrIsMalformed(mutated);
            decodesOrIsMalformed(java.util.Arrays.copyOf(valid, random.nextInt(valid.length)));
            byte[] block = ConsensusCodec.encode(gen.certifiedBlock());
            block[random.nextInt(block.length)] ^= (byte) (1 + random.nextInt(255));
            decodesCertifiedBlockOrIsMalformed(block);
        }
    }

    @Test
    void aMessageWithoutKindIsMalformed() {
        assertMalformed(new byte[0], "no kind");
    }

    @Test
    void aProposalMissingItsBlockJustifyOrSignatureIsMalformed() {
        Proposal p = new RandomConsensus(12).proposal();
        var wire = ConsensusCodec.toProto(p);
        assertMalformedProposal(wire.toBuilder().clearBlock().build(), "no block");
        assertMalformedProposal(wire.toBuilder().clearJustify().build(), "no justifying QC");
        assertMalformedProposal(wire.toBuilder().clearProposerSignature().build(), "no proposer signature");
    }

    @Test
    void aVoteWithAShortBlockHashOrValidatorIdOrNoVoteDataIsMalformed() {
        Vote v = new RandomConsensus(13).vote();
        var wire = ConsensusCodec.toProto(v);
        var data = io.meshledger.proto.v1.VoteData.newBuilder()
                .setChainId("c").setRound(2).setBlockHash(ByteString.copyFrom(new byte[31]))
                .setParentHash(ByteString.copyFrom(new byte[32])).build();
        assertMalformedVote(wire.toBuilder().setVoteData(data.toByteString()).build(), "block_hash must be 32 bytes");
        assertMalformedVote(wire.toBuilder().clearVoteData().build(), "vote data is missing");
        assertMalformedVote(wire.toBuilder().setSignature(ValidatorSignature.newBuilder()
                .setValidatorId(ByteString.copyFrom(new byte[31])).setSignature(ByteString.copyFromUtf8("s"))).build(),
                "validator id must be 32 bytes");
        assertMalformedVote(wire.toBuilder().setSignature(wire.getSignature().toBuilder().clearSignature()).build(),
                "signature bytes are missing");
        assertMalformedVote(wire.toBuilder().setVoteData(ByteString.copyFromUtf8("\u00ff\u00ff")).build(),
                "not valid protobuf");
    }

    @Test
    void voteDataTheRecordRefusesIsMalformed() throws Exception {
        Vote v = new RandomConsensus(14).vote();
        var wire = ConsensusCodec.toProto(v);
        var data = io.meshledger.proto.v1.VoteData.parseFrom(wire.getVoteData()).toBuilder();
        assertMalformedVote(wire.toBuilder().setVoteData(data.setParentRound(data.getRound()).build().toByteString())
                .build(), "parent round");
        assertMalformedVote(wire.toBuilder().setVoteData(data.setParentRound(0).setEpoch(-1).build().toByteString())
                .build(), "negative");
        assertMalformedVote(wire.toBuilder().setVoteData(data.setEpoch(0).setChainId("").build().toByteString())
                .build(), "no chain id");
    }

    @Test
    void aTimeoutWhoseQcDisagreesWithItsClaimedHighQcRoundIsMalformed() throws Exception {
        RandomConsensus gen = new RandomConsensus(15);
        TimeoutMessage t = gen.timeoutMessage();
        var wire = ConsensusCodec.toProto(t);
        var otherQc = CertificateCodec.toProto(gen.qc(t.timeout().data().highQcRound() + 1));
        assertMalformed(io.meshledger.proto.v1.ConsensusMessage.newBuilder()
                .setTimeout(wire.toBuilder().setHighQc(otherQc)).build().toByteArray(), "high QC round");
        assertMalformed(io.meshledger.proto.v1.ConsensusMessage.newBuilder()
                .setTimeout(wire.toBuilder().clearHighQc()).build().toByteArray(), "no high QC");
    }

    @Test
    void aTimeoutCertificateHoldingATimeoutOfAnotherRoundIsMalformed() {
        RandomConsensus gen = new RandomConsensus(16);
        Proposal p = gen.proposal();
        while (p.timeoutCertificate().isEmpty() || p.timeoutCertificate().get().timeouts().isEmpty()) {
            p = gen.proposal();
        }
        var wire = ConsensusCodec.toProto(p);
        var tc = wire.getTimeoutCertificate().toBuilder().setRound(wire.getTimeoutCertificate().getRound() + 1);
        assertMalformedProposal(wire.toBuilder().setTimeoutCertificate(tc).build(), "in a certificate for round");
    }

    private static boolean decodesOrIsMalformed(byte[] bytes) {
        return outcome(() -> ConsensusCodec.decode(bytes));
    }

    private static boolean decodesCertifiedBlockOrIsMalformed(byte[] bytes) {
        return outcome(() -> ConsensusCodec.decodeCertifiedBlock(bytes));
    }

    /** True when decoding failed as malformed; fails the test on any other exception. */
    private static boolean outcome(Decoding decoding) {
        try {
            decoding.run();
            return false;
        } catch (MalformedMessageException e) {
            return true;
        } catch (RuntimeException e) {
            fail("decoding threw " + e, e);
            return false;
        }
    }

    private interface Decoding {
        Object run() throws MalformedMessageException;
    }

    private static void assertMalformedProposal(io.meshledger.proto.v1.Proposal p, String reason) {
        assertMalformed(io.meshledger.proto.v1.ConsensusMessage.newBuilder().setProposal(p).build().toByteArray(), reason);
    }

    private static void assertMalformedVote(io.meshledger.proto.v1.Vote v, String reason) {
        assertMalformed(io.meshledger.proto.v1.ConsensusMessage.newBuilder().setVote(v).build().toByteArray(), reason);
    }

    private static void assertMalformed(byte[] bytes, String reason) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> ConsensusCodec.decode(bytes));
        assertTrue(e.reason().contains(reason), "expected reason containing '" + reason + "', got: " + e.reason());
    }
}
