package io.meshledger.core.identity;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.crypto.SigningKey;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Certificates signed by other tools (here the JDK's own ECDSA, as OpenSSL or an
 * HSM would) carry high-S signatures half the time; X.509 allows them, so
 * membership must accept them even though transactions and votes must not.
 */
class ExternallyIssuedCertificateTest {
    static final BigInteger HALF_ORDER = SECNamedCurves.getByName("secp256r1").getN().shiftRight(1);

    @Test
    void aMemberCertificateWithAHighSIssuerSignatureIsAccepted() throws Exception {
        SecureRandom random = new SecureRandom();
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.create("org1",
                SigningKey.generate(SignatureAlgorithm.ECDSA_P256, random), now.minusSeconds(60), Duration.ofDays(1), random);
        PrivateKey jcaCaKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(ca.key().toPkcs8()));
        SigningKey member = SigningKey.generate(SignatureAlgorithm.ED25519, random);
        MembershipValidator validator = new MembershipValidator(Map.of("org1", Bytes.wrap(ca.certificate().getEncoded())), 10);

        X509CertificateHolder highS = null;
        for (int i = 0; i < 200 && highS == null; i++) {
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(ca.certificate().getSubject(), BigInteger.valueOf(i + 1),
                    Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)),
                    new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "org1").addRDN(BCStyle.OU, "user")
                            .addRDN(BCStyle.CN, "external").build(),
                    SubjectPublicKeyInfo.getInstance(member.publicKey().encoded().unsafeArray()));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509CertificateHolder cert = b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider("SunEC").build(jcaCaKey));
            BigInteger s = ASN1Integer.getInstance(ASN1Sequence.getInstance(cert.getSignature()).getObjectAt(1)).getValue();
            if (s.compareTo(HALF_ORDER) > 0) {
                highS = cert;
            }
        }
        assertTrue(highS != null, "the JDK produced no high-S signature in 200 tries");
        MembershipCheck check = validator.validate(highS.getEncoded(), now);
        MembershipCheck.Valid valid = assertInstanceOf(MembershipCheck.Valid.class, check, check::toString);
        assertTrue(valid.member().name().equals("external"));
        assertTrue(List.of(Role.USER).contains(valid.member().role()));
    }
}
