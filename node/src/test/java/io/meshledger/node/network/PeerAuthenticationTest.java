package io.meshledger.node.network;

import io.grpc.Status;
import io.meshledger.core.crypto.Hash;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.config.Endpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PeerAuthenticationTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    @TempDir
    static Path foreignDir;
    static TestNetwork net;
    static TestNetwork foreign;

    PeerFixture peers;

    @BeforeAll
    static void networks() {
        net = TestNetwork.create(dir, 2, 4);
        foreign = TestNetwork.create(foreignDir, 2, 4);
    }

    @BeforeEach
    void fixture() {
        peers = new PeerFixture(net);
    }

    @AfterEach
    void close() {
        peers.close();
    }

    /**
     * The build ships BoringSSL for the platforms it runs on (CI and this machine are Linux x86-64), so
     * peer links there use it; every other test in this class then checks the certificate rules on it.
     */
    @Test
    void onLinuxX86PeerLinksUseTheNativeTlsEngine() {
        boolean linuxX86 = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")
                && System.getProperty("os.arch").matches("amd64|x86_64");
        io.netty.handler.ssl.SslProvider provider = peers.tls(0).provider();
        if (linuxX86) {
            assertEquals(io.netty.handler.ssl.SslProvider.OPENSSL, provider,
                    "native TLS did not load: " + io.netty.handler.ssl.OpenSsl.unavailabilityCause());
        } else {
            assertTrue(provider == io.netty.handler.ssl.SslProvider.OPENSSL
                    || provider == io.netty.handler.ssl.SslProvider.JDK);
        }
    }

    /**
     * A member's user certificate (Ed25519) chains to a genesis root but is no validator's. On the JDK's
     * engine the handshake passes and every call is refused with PERMISSION_DENIED; BoringSSL does not
     * even request an Ed25519 client certificate, so there the handshake itself fails. Either way nothing
     * reaches the inbox.
     */
    @Test
    void aMemberUsersCertificateIsRefusedWithPermissionDeniedAndItsMessagesNeverReachTheInbox() throws Exception {
        RecordingInbox inbox = new RecordingInbox();
        PeerServer server = peers.startServer(0, inbox, io.netty.handler.ssl.SslProvider.JDK);
        try (RawPeer user = userPeer(server)) {
            RandomConsensus gen = new RandomConsensus(21);
            Status consensus = user.open(WireMethods.CONSENSUS)
                    .write(List.of(ConsensusCodec.encode(gen.vote()), ConsensusCodec.encode(gen.proposal())))
                    .await();
            assertEquals(Status.Code.PERMISSION_DENIED, consensus.getCode(), consensus.toString());
            assertEquals(Status.Code.PERMISSION_DENIED, user.fetchBlockByHash(gen.hash()).getCode());
            assertEquals(PeerErrors.PERMISSION_DENIED, user.fetchBlockByHashReason(gen.hash()));
        }
        assertTrue(inbox.messages.isEmpty(), "nothing from a non-validator reaches the inbox");
        assertTrue(server.deniedCalls() >= 3, "denied calls: " + server.deniedCalls());
    }

    @Test
    void onTheNativeEngineAUsersCertificateFailsTheHandshake() throws Exception {
        RecordingInbox inbox = new RecordingInbox();
        PeerServer server = peers.startServer(0, inbox, io.netty.handler.ssl.SslProvider.OPENSSL);
        try (RawPeer user = userPeer(server)) {
            RandomConsensus gen = new RandomConsensus(22);
            Status consensus = user.open(WireMethods.CONSENSUS)
                    .write(List.of(ConsensusCodec.encode(gen.vote()))).await();
            assertEquals(Status.Code.UNAVAILABLE, consensus.getCode(), consensus.toString());
        }
        assertTrue(inbox.messages.isEmpty(), "nothing from a non-validator reaches the inbox");
    }

    /** A client presenting org1's publisher certificate, on the JDK's engine (a rogue picks whatever stack works). */
    private RawPeer userPeer(PeerServer server) {
        TestNetwork.User publisher = net.user("org1", "publisher");
        PeerTls userTls = PeerTls.create(PeerCredentials.of(publisher.key(), publisher.certificate()),
                net.genesis().roots().values(), io.netty.handler.ssl.SslProvider.JDK);
        return new RawPeer(userTls, peers.id(0), server.port());
    }

    @Test
    void aClientWithACertificateFromAForeignCaFailsTheHandshake() throws Exception {
        RecordingInbox inbox = new RecordingInbox();
        PeerServer server = peers.startServer(0, inbox);
        // The impostor trusts our roots, so it would accept our server; our server must refuse its certificate.
        PeerCredentials outsider = new PeerFixture(foreign).credentials(0);
        PeerTls outsiderTls = PeerTls.create(outsider, net.genesis().roots().values());
        try (RawPeer raw = new RawPeer(outsiderTls, peers.id(0), server.port())) {
            Status status = raw.open(WireMethods.CONSENSUS)
                    .write(List.of(ConsensusCodec.encode(new RandomConsensus(22).vote())))
                    .await();
            assertEquals(Status.Code.UNAVAILABLE, status.getCode(), status.toString());
            assertEquals(Status.Code.UNAVAILABLE, raw.fetchBlockByHash(Hash.ZERO).getCode());
        }
        assertTrue(inbox.messages.isEmpty());
        assertEquals(0, server.deniedCalls(), "refused in the handshake, before any call");
    }

    @Test
    void theServerSpeaksOnlyTls13() throws Exception {
        PeerServer server = peers.startServer(0, new RecordingInbox());
        javax.net.ssl.SSLContext tls12 = javax.net.ssl.SSLContext.getInstance("TLSv1.2");
        tls12.init(null, new javax.net.ssl.TrustManager[] {new AcceptAnyServer()}, null);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) tls12.getSocketFactory()
                .createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            javax.net.ssl.SSLException e = assertThrows(javax.net.ssl.SSLException.class, socket::startHandshake);
            assertTrue(e.getMessage().contains("protocol_version"), e.getMessage());
        }
    }

    /** Test-only: lets a TLS 1.2 probe reach the protocol negotiation. */
    private static final class AcceptAnyServer implements javax.net.ssl.X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }

    private static boolean causeChainMentions(Throwable t, String text) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aServerPresentingAnotherValidatorsCertificateIsRefusedByTheClient() throws Exception {
        RecordingInbox genuineInbox = new RecordingInbox();
        peers.startServer(2, genuineInbox);
        // An impostor holding node3's real credentials answers at node2's address.
        RecordingInbox impostorInbox = new RecordingInbox();
        PeerServer impostor = PeerServer.start(PeerFixture.serverOptions(0), peers.tls(2), net.genesis().validators(),
                impostorInbox, PeerFixture.NO_BLOCKS);
        try {
            peers.route(1, new Endpoint("127.0.0.1", impostor.port()));
            PeerClients client = peers.startClients(0, PeerFixture.CLIENT_OPTIONS);
            Await.until("connected to the genuine node3", WAIT, () -> client.connectedPeers().contains(peers.id(2)));
            Await.until("several refused attempts at the impostor", WAIT,
                    () -> client.status(peers.id(1)).connectionAttempts() >= 3);
            assertFalse(client.connectedPeers().contains(peers.id(1)));

            client.broadcast(new RandomConsensus(23).vote());
            Await.until("the genuine node3 got the broadcast", WAIT, () -> genuineInbox.messages.size() == 1);
            ExecutionException fetch = assertThrows(ExecutionException.class,
                    () -> client.fetchProposal(peers.id(1), Hash.ZERO).get(5, TimeUnit.SECONDS));
            assertEquals("UNAVAILABLE", assertInstanceOf(PeerRequestException.class, fetch.getCause()).reason());
            assertTrue(causeChainMentions(fetch, "expected validator " + peers.id(1).toHex()),
                    "refused by the fingerprint pin");
            assertTrue(impostorInbox.messages.isEmpty(), "nothing is sent to an impostor");
            assertEquals(0, impostor.deniedCalls(), "the client refused before any call");
        } finally {
            impostor.close();
        }
    }
}
