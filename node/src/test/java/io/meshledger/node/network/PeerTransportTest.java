package io.meshledger.node.network;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.consensus.ConsensusMessage;
import io.meshledger.node.consensus.Proposal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PeerTransportTest extends PeerTestBase {
    private List<RecordingInbox> startServers(int n) {
        List<RecordingInbox> inboxes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RecordingInbox inbox = new RecordingInbox();
            peers.startServer(i, inbox);
            inboxes.add(inbox);
        }
        return inboxes;
    }

    private List<PeerClients> startClients(int n, PeerClientOptions options) {
        List<PeerClients> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clients.add(peers.startClients(i, options));
        }
        return clients;
    }

    private void awaitConnected(PeerClients clients, IdentityId... expected) {
        Await.until("connected to " + List.of(expected), WAIT, () -> clients.connectedPeers().containsAll(List.of(expected)));
    }

    @Test
    void digestSignaturesTravelOnTheConsensusStreamToTheInboxesDigestPort() {
        List<RecordingInbox> inboxes = startServers(3);
        List<PeerClients> clients = startClients(1, PeerFixture.CLIENT_OPTIONS);
        awaitConnected(clients.get(0), peers.id(1), peers.id(2));
        io.meshledger.core.block.LedgerDigest digest = new io.meshledger.core.block.LedgerDigest(
                net.genesis().chainId(), 0, 7, io.meshledger.core.crypto.Hashing.sha256(new byte[] {1}),
                io.meshledger.core.crypto.Hashing.sha256(new byte[] {2}), 42,
                io.meshledger.core.crypto.Hash.ZERO, 1_700_000_000_000L);
        byte[] bytes = digest.encode();
        io.meshledger.node.certification.DigestSignature sig = new io.meshledger.node.certification.DigestSignature(
                io.meshledger.core.Bytes.wrap(bytes), digest, new io.meshledger.core.block.ValidatorSignature(
                peers.id(0), io.meshledger.core.Bytes.wrap(new byte[] {5, 6, 7})));
        clients.get(0).broadcastDigest(sig);
        for (int j = 1; j < 3; j++) {
            RecordingInbox inbox = inboxes.get(j);
            Await.until("node " + j + " got the digest signature", WAIT, () -> inbox.digests.size() == 1);
            assertEquals(sig, inbox.digests.peek());
            assertTrue(inbox.messages.isEmpty(), "a digest signature is not a consensus message");
        }
    }

    @Test
    void fourValidatorsExchangeConsensusMessagesBothWaysAndTheyArriveDecodedAndEqual() {
        List<RecordingInbox> inboxes = startServers(4);
        List<PeerClients> clients = startClients(4, PeerFixture.CLIENT_OPTIONS);
        for (int i = 0; i < 4; i++) {
            int self = i;
            Await.until("node " + i + " connected to the 3 others", WAIT,
                    () -> clients.get(self).connectedPeers().size() == 3);
        }
        RandomConsensus gen = new RandomConsensus(3);
        Map<String, List<ConsensusMessage>> expected = new HashMap<>();
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 4; i++) {
                ConsensusMessage m = gen.message();
                clients.get(i).broadcast(m);
                for (int j = 0; j < 4; j++) {
                    if (j != i) {
                        expected.computeIfAbsent(i + "->" + j, k -> new ArrayList<>()).add(m);
                    }
                }
                int to = (i + 1 + round % 3) % 4;
                ConsensusMessage direct = gen.vote();
                clients.get(i).send(peers.id(to), direct);
                expected.get(i + "->" + to).add(direct);
            }
        }
        for (int j = 0; j < 4; j++) {
            RecordingInbox inbox = inboxes.get(j);
            String inboxIndex = Integer.toString(j);
            int total = expected.entrySet().stream().filter(e -> e.getKey().endsWith("->" + inboxIndex))
                    .mapToInt(e -> e.getValue().size()).sum();
            Await.until("node " + j + " received " + total + " messages", WAIT, () -> inbox.messages.size() >= total);
            for (int i = 0; i < 4; i++) {
                if (i != j) {
                    assertEquals(expected.get(i + "->" + j), inbox.from(peers.id(i)),
                            "messages from node " + i + " to node " + j + ", in order");
                }
            }
        }
        clients.forEach(c -> c.status().forEach(s -> assertEquals(0, s.dropped())));
    }

    @Test
    void forwardedTransactionsArriveInBatchesNotOneCallPerTransaction() {
        List<RecordingInbox> inboxes = startServers(4);
        PeerClients sender = peers.startClients(0, PeerFixture.CLIENT_OPTIONS.withBatching(100, Duration.ofMillis(30)));
        awaitConnected(sender, peers.id(1), peers.id(2), peers.id(3));
        RandomConsensus gen = new RandomConsensus(4);
        List<SignedTransaction> sent = new ArrayList<>();
        for (int call = 0; call < 25; call++) {
            List<SignedTransaction> txs = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                txs.add(gen.transaction());
            }
            sent.addAll(txs);
            sender.forwardTransactions(txs);
        }
        for (int j = 1; j < 4; j++) {
            RecordingInbox inbox = inboxes.get(j);
            Await.until("node " + j + " received 250 transactions", WAIT, () -> inbox.transactionCount() >= 250);
            List<SignedTransaction> received = new ArrayList<>();
            for (RecordingInbox.Batch b : inbox.batches) {
                assertEquals(peers.id(0), b.from());
                assertTrue(b.transactions().size() <= 100, "batch of " + b.transactions().size());
                received.addAll(b.transactions());
            }
            assertEquals(sent, received, "every transaction once, in order");
            assertTrue(inbox.batches.size() <= 6, inbox.batches.size() + " batches for 250 transactions in 25 calls");
        }
        assertEquals(0, sender.transactionsDropped());
    }

    @Test
    void forwardedBatchesNameTheNextConnectedValidatorAsCoVerifierAndVouchesReachEveryPeer() {
        List<RecordingInbox> inboxes = startServers(4);
        PeerClients sender = peers.startClients(0, PeerFixture.CLIENT_OPTIONS.withBatching(100, Duration.ofMillis(10)));
        awaitConnected(sender, peers.id(1), peers.id(2), peers.id(3));
        // n = 4 tolerates f = 1: one co-verifier, the next validator after the sender.
        assertEquals(List.of(com.google.protobuf.ByteString.copyFrom(peers.id(1).toBytes().unsafeArray())),
                sender.coVerifiers());
        RandomConsensus gen = new RandomConsensus(6);
        sender.forwardTransactions(List.of(gen.transaction(), gen.transaction()));
        for (int j = 1; j < 4; j++) {
            RecordingInbox inbox = inboxes.get(j);
            Await.until("node " + j + " received the batch", WAIT, () -> inbox.transactionCount() == 2);
            assertEquals(j == 1, inbox.batches.peek().coVerify(), "only node 1 is asked to co-verify, node " + j);
        }

        List<Hash> signedIds = List.of(gen.transaction().signedId(), gen.transaction().signedId());
        sender.vouch(signedIds);
        for (int j = 1; j < 4; j++) {
            RecordingInbox inbox = inboxes.get(j);
            Await.until("node " + j + " received the vouches", WAIT, () -> inbox.vouches.size() == 1);
            assertEquals(new RecordingInbox.Vouches(peers.id(0), signedIds), inbox.vouches.peek());
            assertEquals(1, inbox.batches.size(), "a vouch-only message is not a transaction batch");
        }
    }

    @Test
    void aCoVerifierThatIsDownIsPassedOverForTheNextConnectedOne() {
        List<RecordingInbox> inboxes = new ArrayList<>();
        for (int i : new int[] {0, 2, 3}) {
            RecordingInbox inbox = new RecordingInbox();
            peers.startServer(i, inbox);
            inboxes.add(inbox);
        }
        PeerClients sender = peers.startClients(0, PeerFixture.CLIENT_OPTIONS.withBatching(100, Duration.ofMillis(10)));
        awaitConnected(sender, peers.id(2), peers.id(3));
        assertFalse(sender.connectedPeers().contains(peers.id(1)));
        assertEquals(List.of(com.google.protobuf.ByteString.copyFrom(peers.id(2).toBytes().unsafeArray())),
                sender.coVerifiers(), "node 1 is down, so node 2 co-verifies");
        sender.forwardTransactions(List.of(new RandomConsensus(7).transaction()));
        Await.until("node 2 received the batch", WAIT, () -> inboxes.get(1).transactionCount() == 1);
        assertTrue(inboxes.get(1).batches.peek().coVerify());
    }

    @Test
    void fetchesReturnDecodedBlocksAndProposalsAndFailAtTheirDeadline() throws Exception {
        RandomConsensus gen = new RandomConsensus(5);
        List<CertifiedBlock> chain = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            chain.add(gen.certifiedBlock());
        }
        Proposal known = gen.proposal();
        CountDownLatch slow = new CountDownLatch(1);
        BlockSource source = new BlockSource() {
            @Override
            public List<CertifiedBlock> blocks(long fromHeight, int max) {
                if (fromHeight == 99) {
                    awaitQuietly(slow);
                }
                int from = (int) Math.min(fromHeight, chain.size());
                return chain.subList(from, Math.min(chain.size(), from + max));
            }

            @Override
            public Optional<Proposal> proposal(Hash blockHash) {
                return known.block().hash().equals(blockHash) ? Optional.of(known) : Optional.empty();
            }
        };
        peers.startServer(1, new RecordingInbox(), source, PeerFixture.serverOptions(0));
        PeerClients client = peers.startClients(0, PeerFixture.CLIENT_OPTIONS.withFetchDeadline(Duration.ofMillis(500)));
        try {
            assertEquals(chain.subList(3, 7), client.fetchBlocks(peers.id(1), 3, 4).get(5, TimeUnit.SECONDS));
            assertEquals(Optional.of(known), client.fetchProposal(peers.id(1), known.block().hash()).get(5, TimeUnit.SECONDS));
            assertEquals(Optional.empty(), client.fetchProposal(peers.id(1), gen.hash()).get(5, TimeUnit.SECONDS));
            ExecutionException late = assertThrows(ExecutionException.class,
                    () -> client.fetchBlocks(peers.id(1), 99, 1).get(5, TimeUnit.SECONDS));
            PeerRequestException e = assertInstanceOf(PeerRequestException.class, late.getCause());
            assertEquals("DEADLINE_EXCEEDED", e.reason());
        } finally {
            slow.countDown();
        }
        assertThrows(IllegalArgumentException.class, () -> client.send(peers.id(0), gen.vote()),
                "a node does not send to itself");
    }

    @Test
    void aPeerRestartedOnTheSamePortIsReconnectedToAndMessagesFlowAgain() {
        RecordingInbox first = new RecordingInbox();
        PeerServer server = peers.startServer(1, first);
        int port = server.port();
        PeerClients client = peers.startClients(0, PeerFixture.CLIENT_OPTIONS);
        awaitConnected(client, peers.id(1));
        RandomConsensus gen = new RandomConsensus(6);
        ConsensusMessage before = gen.message();
        client.send(peers.id(1), before);
        Await.until("the first message arrived", WAIT, () -> first.messages.size() == 1);

        server.close();
        Await.until("node 1 seen as disconnected", WAIT, () -> !client.connectedPeers().contains(peers.id(1)));
        long attemptsWhileDown = client.status(peers.id(1)).connectionAttempts();
        Await.until("reconnection attempts while node 1 is down", WAIT,
                () -> client.status(peers.id(1)).connectionAttempts() >= attemptsWhileDown + 2);

        RecordingInbox second = new RecordingInbox();
        peers.startServer(1, second, PeerFixture.NO_BLOCKS, PeerFixture.serverOptions(port));
        awaitConnected(client, peers.id(1));
        ConsensusMessage after = gen.message();
        client.send(peers.id(1), after);
        Await.until("the message sent after the restart arrived", WAIT, () -> second.from(peers.id(0)).contains(after));
        assertFalse(second.from(peers.id(0)).contains(before), "nothing is delivered twice");
    }

    @Test
    void withPeersDownTheOutboundQueueStaysBoundedAndDropsAreCounted() {
        PeerClients client = peers.startClients(0, PeerFixture.CLIENT_OPTIONS.withQueueCapacity(16));
        RandomConsensus gen = new RandomConsensus(7);
        ConsensusMessage m = gen.vote();
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            client.broadcast(m);
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "broadcast never blocks");
        assertEquals(List.of(peers.id(1), peers.id(2), peers.id(3)),
                client.status().stream().map(PeerStatus::peer).toList(), "status lists peers in validator order");
        for (PeerStatus s : client.status()) {
            assertFalse(s.connected());
            assertEquals(16, s.queued(), s.name() + " queue");
            assertEquals(984, s.dropped(), s.name() + " drops");
            assertEquals(0, s.sent());
        }
        Await.until("reconnection attempts continue with back-off", WAIT,
                () -> client.status().stream().allMatch(s -> s.connectionAttempts() >= 3));
        assertEquals(Set.of(), client.connectedPeers());
    }

    @Test
    void aPeersQueueIsAlsoBoundedInBytesDroppingTheOldest() {
        int limit = 64 * 1024;
        PeerClients client = peers.startClients(0, PeerFixture.CLIENT_OPTIONS.withQueueCapacity(10_000)
                .withQueueBytes(limit, 16 * 1024));
        RandomConsensus gen = new RandomConsensus(8);
        long offeredBytes = 0;
        for (int i = 0; i < 300; i++) {
            ConsensusMessage m = gen.proposal();
            offeredBytes += ConsensusCodec.encode(m).length;
            client.broadcast(m);
        }
        assertTrue(offeredBytes > 4 * limit, "the test offers well beyond the limit: " + offeredBytes);
        for (PeerStatus s : client.status()) {
            assertTrue(s.queuedBytes() <= limit && s.queuedBytes() > limit / 2, s.name() + ": " + s.queuedBytes());
            assertEquals(300, s.queued() + s.dropped(), s.name() + ": every message is queued or counted as dropped");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
