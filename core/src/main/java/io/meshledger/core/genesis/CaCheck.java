package io.meshledger.core.genesis;

import io.meshledger.core.crypto.CryptoException;
import io.meshledger.core.crypto.PublicKeyInfo;
import io.meshledger.core.identity.Certificates;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.cert.X509CertificateHolder;

import java.io.IOException;

/** Checks that a genesis root is a self-signed CA certificate of the organisation it is listed under. */
final class CaCheck {
    private CaCheck() {
    }

    /** Null when fine, else what is wrong. */
    static String problem(byte[] der, String org) {
        try {
            X509CertificateHolder cert = Certificates.parse(der);
            BasicConstraints bc = BasicConstraints.fromExtensions(cert.getExtensions());
            if (bc == null || !bc.isCA()) {
                return "not a CA certificate (basicConstraints CA=true missing)";
            }
            var o = cert.getSubject().getRDNs(BCStyle.O);
            String certOrg = o.length == 0 ? "" : IETFUtils.valueToString(o[0].getFirst().getValue());
            if (!certOrg.equals(org)) {
                return "certificate names organisation '" + certOrg + "', not '" + org + "'";
            }
            if (!cert.getIssuer().equals(cert.getSubject())) {
                return "not self-signed (issuer " + cert.getIssuer() + ")";
            }
            PublicKeyInfo key = PublicKeyInfo.fromSubjectPublicKeyInfo(cert.getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER));
            var c = cert.toASN1Structure();
            if (!key.verifyCertificateSignature(c.getTBSCertificate().getEncoded(ASN1Encoding.DER), c.getSignature().getOctets())) {
                return "self-signature does not verify";
            }
            return null;
        } catch (CryptoException | IOException e) {
            return e.getMessage();
        }
    }
}
