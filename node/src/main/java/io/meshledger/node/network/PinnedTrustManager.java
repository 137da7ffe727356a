package io.meshledger.node.network;

import io.meshledger.core.identity.IdentityId;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Client-side trust for one outbound peer connection: the server's chain must
 * validate against the genesis roots (PKIX, including the serverAuth extended
 * key usage and validity dates), and its end-entity certificate must be exactly
 * the expected validator's, compared by fingerprint. The fingerprint pin
 * replaces host name verification: a genesis endpoint may be any address, and
 * only one certificate in the world has that fingerprint.
 */
final class PinnedTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager roots;
    private final IdentityId expected;

    PinnedTrustManager(X509ExtendedTrustManager roots, IdentityId expected) {
        this.roots = roots;
        this.expected = expected;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        roots.checkServerTrusted(chain, authType);
        IdentityId presented;
        try {
            presented = IdentityId.ofCertificate(chain[0].getEncoded());
        } catch (CertificateEncodingException e) {
            throw new CertificateException("cannot encode the server certificate", e);
        }
        if (!presented.equals(expected)) {
            throw new CertificateException("server presented certificate " + presented.toHex() + " ("
                    + chain[0].getSubjectX500Principal() + "), expected validator " + expected.toHex());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("an outbound peer connection does not authenticate clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return roots.getAcceptedIssuers();
    }
}
