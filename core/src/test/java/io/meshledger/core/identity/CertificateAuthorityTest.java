package io.meshledger.core.identity;

import io.meshledger.core.crypto.CryptoException;
import io.meshledger.core.crypto.PublicKeyInfo;
import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.testing.Seeded;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.meshledger.core.identity.MembershipValidatorTest.DURING;
import static io.meshledger.core.identity.MembershipValidatorTest.T0;
import static io.meshledger.core.identity.MembershipValidatorTest.YEAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CertificateAuthorityTest {
    private final SecureRandom random = Seeded.secureRandom(77);

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void theRootIsASelfSignedCaNamingItsOrganisation(SignatureAlgorithm algorithm) throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("acme", SigningKey.generate(algorithm, random), T0, YEAR, random);
        X509CertificateHolder cert = ca.certificate();
        assertEquals("acme", ca.org());
        assertEquals(cert.getIssuer(), cert.getSubject());
        assertEquals("acme", Certificates.organisation(cert.getSubject()));
        assertEquals("ca", Certificates.organisationalUnit(cert.getSubject()));
        assertTrue(BasicConstraints.fromExtensions(cert.getExtensions()).isCA());
        // An independent verifier (the JDK's X.509 stack) accepts the self-signature.
        X509Certificate jdk = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(cert.getEncoded()));
        jdk.verify(jdk.getPublicKey());
        assertEquals(ca.key().publicKey(), PublicKeyInfo.fromJca(jdk.getPublicKey()));
    }

    @Test
    void aNodeCertificateIsForServerAndClientAuthAndNamesLocalhostAndLoopback() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("acme",
                SigningKey.generate(SignatureAlgorithm.ECDSA_P256, random), T0, YEAR, random);
        X509CertificateHolder node = ca.issue(Role.NODE, "node1",
                SigningKey.generate(SignatureAlgorithm.ED25519, random).publicKey(), T0, YEAR, List.of("localhost"));
        ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(node.getExtensions());
        assertTrue(eku.hasKeyPurposeId(KeyPurposeId.id_kp_serverAuth));
        assertTrue(eku.hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth));
        GeneralName[] names = GeneralNames.fromExtensions(node.getExtensions(), Extension.subjectAlternativeName).getNames();
        assertEquals(2, names.length);
        assertEquals(new GeneralName(GeneralName.dNSName, "localhost"), names[0]);
        assertEquals(new GeneralName(GeneralName.iPAddress, "127.0.0.1"), names[1]);
        assertFalse(BasicConstraints.fromExtensions(node.getExtensions()).isCA());

        X509Certificate jdk = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(node.getEncoded()));
        X509Certificate jdkCa = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(ca.certificate().getEncoded()));
        jdk.verify(jdkCa.getPublicKey());
    }

    @Test
    void aNodeCertificateNamesItsHostsAsDnsNamesOrIpAddressesEachOnce() {
        CertificateAuthority ca = CertificateAuthority.create("acme",
                SigningKey.generate(SignatureAlgorithm.ECDSA_P256, random), T0, YEAR, random);
        X509CertificateHolder node = ca.issue(Role.NODE, "node1",
                SigningKey.generate(SignatureAlgorithm.ECDSA_P256, random).publicKey(), T0, YEAR,
                List.of("localhost", "peer1.example.org", "10.0.0.7", "[fd00::2]", "127.0.0.1", "localhost"));
        GeneralName[] names = GeneralNames.fromExtensions(node.getExtensions(), Extension.subjectAlternativeName).getNames();
        assertEquals(List.of(
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.dNSName, "peer1.example.org"),
                new GeneralName(GeneralName.iPAddress, "10.0.0.7"),
                new GeneralName(GeneralName.iPAddress, "fd00::2"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")), List.of(names));
    }

    @Test
    void aUserCertificateIsForClientAuthOnly() {
        CertificateAuthority ca = CertificateAuthority.create("acme",
                SigningKey.generate(SignatureAlgorithm.ED25519, random), T0, YEAR, random);
        X509CertificateHolder user = ca.issue(Role.USER, "u",
                SigningKey.generate(SignatureAlgorithm.ED25519, random).publicKey(), T0, YEAR, List.of());
        ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(user.getExtensions());
        assertTrue(eku.hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth));
        assertFalse(eku.hasKeyPurposeId(KeyPurposeId.id_kp_serverAuth));
        assertEquals(null, user.getExtension(Extension.subjectAlternativeName));
    }

    @Test
    void aCaRefusesToIssueAnotherCaCertificate() {
        CertificateAuthority ca = CertificateAuthority.create("acme",
                SigningKey.generate(SignatureAlgorithm.ED25519, random), T0, YEAR, random);
        assertThrows(IllegalArgumentException.class, () -> ca.issue(Role.CA, "sub", ca.key().publicKey(), T0, YEAR, List.of()));
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void loadingACaWithAKeyThatDoesNotMatchItsCertificateIsRefused(SignatureAlgorithm algorithm) throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("acme", SigningKey.generate(algorithm, random), T0, YEAR, random);
        SigningKey other = SigningKey.generate(algorithm, random);
        CryptoException e = assertThrows(CryptoException.class,
                () -> CertificateAuthority.load(ca.certificate().getEncoded(), other, random));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void aLoadedCaIssuesCertificatesTheOriginalRootValidates() throws Exception {
        CertificateAuthority created = CertificateAuthority.create("acme",
                SigningKey.generate(SignatureAlgorithm.ECDSA_P256, random), T0, Duration.ofDays(3650), random);
        byte[] pem = Certificates.toPem(Certificates.PRIVATE_KEY, created.key().toPkcs8()).getBytes();
        SigningKey reloadedKey = SigningKey.fromPkcs8(Certificates.fromPem(Certificates.PRIVATE_KEY, new String(pem)));
        CertificateAuthority loaded = CertificateAuthority.load(created.certificate().getEncoded(), reloadedKey, random);
        assertEquals("acme", loaded.org());

        SigningKey member = SigningKey.generate(SignatureAlgorithm.ED25519, random);
        byte[] cert = loaded.issue(Role.ADMIN, "admin1", member.publicKey(), T0, YEAR, List.of()).getEncoded();
        MembershipValidator v = new MembershipValidator(
                Map.of("acme", MembershipValidatorTest.der(created.certificate())), 10);
        Member m = assertInstanceOf(MembershipCheck.Valid.class, v.validate(cert, DURING)).member();
        assertEquals(Role.ADMIN, m.role());
        assertEquals(member.publicKey(), m.key());
    }

    @Test
    void garbageIsNotACertificate() {
        assertThrows(CryptoException.class, () -> CertificateAuthority.load(new byte[] {0x30, 0x03, 1, 2, 3},
                SigningKey.generate(SignatureAlgorithm.ED25519, random), random));
    }
}
