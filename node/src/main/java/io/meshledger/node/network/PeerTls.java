package io.meshledger.node.network;

import io.grpc.netty.GrpcSslContexts;
import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.CryptoException;
import io.meshledger.core.identity.IdentityId;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * Mutual TLS between validators: TLS 1.3 only, this node's certificate and
 * key on both sides, and trust in exactly the genesis organisations' CA
 * certificates (never the JDK's default trust store). The TLS engine is
 * BoringSSL (netty-tcnative) where its native library loads, since encrypting
 * every transaction several times over is a large share of a node's CPU with
 * the JDK's engine; elsewhere the JDK's. Certificate checks are the same Java
 * trust managers either way.
 *
 * <p>What is checked where:
 * <ul>
 *   <li>Server, during the handshake: a client certificate is required and its
 *       chain must validate against a genesis root (PKIX: signature, validity,
 *       clientAuth usage). Any member of the consortium passes this step.</li>
 *   <li>Server, per call ({@link PeerAuthInterceptor}): the client certificate's
 *       fingerprint must be a validator's, else {@code PERMISSION_DENIED}.</li>
 *   <li>Client, during the handshake ({@link PinnedTrustManager}): the server's
 *       chain must validate against a genesis root and its certificate must be
 *       exactly the validator the connection was opened for.</li>
 * </ul>
 */
public final class PeerTls {
    private static final String TLS_13 = "TLSv1.3";
    private static final Logger log = LoggerFactory.getLogger(PeerTls.class);

    private final PeerCredentials credentials;
    private final X509ExtendedTrustManager roots;
    private final SslProvider provider;

    private PeerTls(PeerCredentials credentials, X509ExtendedTrustManager roots, SslProvider provider) {
        this.credentials = credentials;
        this.roots = roots;
        this.provider = provider;
    }

    /**
     * @param credentials     this node's certificate and key
     * @param rootCertificates DER CA certificates of the genesis organisations
     */
    public static PeerTls create(PeerCredentials credentials, Collection<Bytes> rootCertificates) {
        if (rootCertificates.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted root is needed");
        }
        return new PeerTls(credentials, trustManager(rootCertificates), bestProvider());
    }

    /** As {@link #create(PeerCredentials, Collection)} with a chosen TLS engine (a test's client can pick any). */
    static PeerTls create(PeerCredentials credentials, Collection<Bytes> rootCertificates, SslProvider provider) {
        if (rootCertificates.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted root is needed");
        }
        return new PeerTls(credentials, trustManager(rootCertificates), provider);
    }

    /** BoringSSL when its native library loads here and speaks TLS 1.3, else the JDK's engine. */
    private static SslProvider bestProvider() {
        if (OpenSsl.isAvailable() && SslProvider.isTlsv13Supported(SslProvider.OPENSSL)) {
            log.debug("Peer TLS: {} (native)", OpenSsl.versionString());
            return SslProvider.OPENSSL;
        }
        log.debug("Peer TLS: the JDK's engine (native TLS unavailable: {})", String.valueOf(OpenSsl.unavailabilityCause()));
        return SslProvider.JDK;
    }

    /** The TLS engine in use, for logs and tests. */
    public SslProvider provider() {
        return provider;
    }

    /** The identity this node proves in handshakes. */
    public IdentityId self() {
        return credentials.id();
    }

    SslContext serverContext() {
        try {
            return GrpcSslContexts.configure(
                            SslContextBuilder.forServer(credentials.privateKey(), credentials.certificate()),
                            provider)
                    .clientAuth(ClientAuth.REQUIRE)
                    .trustManager(roots)
                    .protocols(TLS_13)
                    .build();
        } catch (SSLException e) {
            throw new CryptoException("cannot build the peer server TLS context: " + e.getMessage(), e);
        }
    }

    /** A client context that accepts only the server holding {@code expectedServer}'s certificate. */
    SslContext clientContext(IdentityId expectedServer) {
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forClient(), provider)
                    .keyManager(credentials.privateKey(), credentials.certificate())
                    .trustManager(new PinnedTrustManager(roots, expectedServer))
                    .protocols(TLS_13)
                    .build();
        } catch (SSLException e) {
            throw new CryptoException("cannot build the peer client TLS context: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager trustManager(Collection<Bytes> rootCertificates) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            int i = 0;
            for (Bytes der : rootCertificates) {
                store.setCertificateEntry("genesis-root-" + i++,
                        factory.generateCertificate(new ByteArrayInputStream(der.unsafeArray())));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(store);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new CryptoException("the PKIX trust manager factory made no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new CryptoException("cannot build trust in the genesis roots: " + e.getMessage(), e);
        }
    }
}
