package io.meshledger.node.network;

import io.grpc.Status;
import io.meshledger.node.consensus.ConsensusMessage;
import io.meshledger.proto.peer.v1.TransactionBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MisbehavingPeerTest extends PeerTestBase {
    @Test
    void aValidatorSendingMalformedBytesIsCutOffAfterTheThresholdWhileOthersKeepWorking() throws Exception {
        RecordingInbox inbox = new RecordingInbox();
        PeerServer server = peers.startServer(0, inbox, PeerFixture.NO_BLOCKS,
                PeerFixture.serverOptions(0).withMalformedThreshold(3, Duration.ofSeconds(30)));
        PeerClients honest = peers.startClients(1, PeerFixture.CLIENT_OPTIONS);
        Await.until("the honest peer connected", WAIT, () -> honest.connectedPeers().contains(peers.id(0)));

        RandomConsensus gen = new RandomConsensus(31);
        ConsensusMessage valid = gen.message();
        byte[] notProtobuf = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
        byte[] noKind = "\u0000".getBytes(StandardCharsets.UTF_8);
        byte[] shortHash = io.meshledger.proto.v1.ConsensusMessage.newBuilder().setVote(ConsensusCodec
                .toProto(gen.vote()).toBuilder().setVoteData(com.google.protobuf.ByteString.copyFromUtf8("x")))
                .build().toByteArray();
        try (RawPeer rogue = new RawPeer(peers.tls(3), peers.id(0), server.port())) {
            Status cut = rogue.open(WireMethods.CONSENSUS)
                    .write(List.of(ConsensusCodec.encode(valid), notProtobuf, noKind, shortHash,
                            ConsensusCodec.encode(gen.message())))
                    .await();
            assertEquals(Status.Code.INVALID_ARGUMENT, cut.getCode(), cut.toString());
            assertEquals(3, server.malformedCount(peers.id(3)));
            assertEquals(1, server.cutOffs(peers.id(3)));
            assertEquals(List.of(valid), inbox.from(peers.id(3)), "only the valid message before the garbage arrived");

            Status again = rogue.open(WireMethods.CONSENSUS).write(List.of(ConsensusCodec.encode(valid))).await();
            assertEquals(Status.Code.PERMISSION_DENIED, again.getCode(), "a cut-off peer may not open a new stream");
            Status forwarding = rogue.open(WireMethods.FORWARD_TRANSACTIONS)
                    .write(List.of(TransactionBatch.newBuilder().addTransactions(gen.transaction().toProto()).build()
                            .toByteArray()))
                    .await();
            assertEquals(Status.Code.PERMISSION_DENIED, forwarding.getCode());
            assertEquals(List.of(valid), inbox.from(peers.id(3)));
        }

        ConsensusMessage fromHonest = gen.message();
        honest.broadcast(fromHonest);
        Await.until("the honest peer's message arrived", WAIT, () -> inbox.from(peers.id(1)).contains(fromHonest));
        assertEquals(0, server.malformedCount(peers.id(1)));
        assertTrue(inbox.batches.isEmpty());
    }

    @Test
    void malformedForwardedTransactionsCountAgainstTheSenderAndAreNotDelivered() throws Exception {
        RecordingInbox inbox = new RecordingInbox();
        PeerServer server = peers.startServer(0, inbox, PeerFixture.NO_BLOCKS,
                PeerFixture.serverOptions(0).withMalformedThreshold(2, Duration.ofMillis(300)));
        RandomConsensus gen = new RandomConsensus(32);
        byte[] emptyBody = TransactionBatch.newBuilder()
                .addTransactions(io.meshledger.proto.v1.Transaction.newBuilder()
                        .setSignature(com.google.protobuf.ByteString.copyFromUtf8("sig")))
                .build().toByteArray();
        byte[] good = TransactionBatch.newBuilder().addTransactions(gen.transaction().toProto()).build().toByteArray();
        try (RawPeer rogue = new RawPeer(peers.tls(2), peers.id(0), server.port())) {
            Status cut = rogue.open(WireMethods.FORWARD_TRANSACTIONS).write(List.of(good, emptyBody, emptyBody)).await();
            assertEquals(Status.Code.INVALID_ARGUMENT, cut.getCode());
            assertEquals(2, server.malformedCount(peers.id(2)));
            assertEquals(1, inbox.batches.size(), "only the well-formed batch was delivered");

            Await.until("the cut-off expired", WAIT, () -> {
                try {
                    RawPeer.Stream s = rogue.open(WireMethods.FORWARD_TRANSACTIONS).write(List.of(good));
                    s.requests().onCompleted();
                    return s.await().isOk();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(2, inbox.batches.size(), "after the cut-off the peer is heard again");
        }
    }
}
