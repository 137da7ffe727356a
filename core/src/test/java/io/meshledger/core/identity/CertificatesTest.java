package io.meshledger.core.identity;

import io.meshledger.core.crypto.CryptoException;
import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.testing.Seeded;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.List;

import static io.meshledger.core.identity.MembershipValidatorTest.T0;
import static io.meshledger.core.identity.MembershipValidatorTest.YEAR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CertificatesTest {
    private final SecureRandom random = Seeded.secureRandom(88);
    private final CertificateAuthority ca = CertificateAuthority.create("acme",
            SigningKey.generate(SignatureAlgorithm.ED25519, random), T0, YEAR, random);

    @Test
    void aCertificateSurvivesAPemRoundTripByteForByte() throws Exception {
        byte[] der = ca.certificate().getEncoded();
        String pem = Certificates.toPem(Certificates.CERTIFICATE, der);
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"), pem);
        assertTrue(pem.strip().endsWith("-----END CERTIFICATE-----"), pem);
        byte[] back = Certificates.fromPem(Certificates.CERTIFICATE, pem);
        assertArrayEquals(der, back);
        assertEquals(ca.certificate(), Certificates.parse(back));
    }

    @Test
    void readingPemPicksOnlyBlocksOfTheAskedTypeInOrder() throws Exception {
        byte[] caDer = ca.certificate().getEncoded();
        byte[] nodeDer = ca.issue(Role.NODE, "n1", SigningKey.generate(SignatureAlgorithm.ED25519, random).publicKey(),
                T0, YEAR, List.of("localhost")).getEncoded();
        String bundle = Certificates.toPem(Certificates.CERTIFICATE, nodeDer)
                + Certificates.toPem(Certificates.PRIVATE_KEY, ca.key().toPkcs8())
                + Certificates.toPem(Certificates.CERTIFICATE, caDer);
        List<byte[]> certs = Certificates.allFromPem(Certificates.CERTIFICATE, bundle);
        assertEquals(2, certs.size());
        assertArrayEquals(nodeDer, certs.get(0));
        assertArrayEquals(caDer, certs.get(1));
        assertArrayEquals(ca.key().toPkcs8(), Certificates.fromPem(Certificates.PRIVATE_KEY, bundle));
    }

    @Test
    void textWithoutABlockOfTheAskedTypeIsRefused() {
        assertThrows(CryptoException.class, () -> Certificates.fromPem(Certificates.CERTIFICATE, "hello"));
        assertThrows(CryptoException.class, () -> Certificates.fromPem(Certificates.CERTIFICATE,
                Certificates.toPem(Certificates.PRIVATE_KEY, new byte[] {1, 2, 3})));
    }

    @Test
    void aPemBlockWithBrokenBase64IsRefused() {
        String broken = "-----BEGIN CERTIFICATE-----\n@@@not base64@@@\n-----END CERTIFICATE-----\n";
        assertThrows(CryptoException.class, () -> Certificates.fromPem(Certificates.CERTIFICATE, broken));
    }

    @Test
    void parsingBytesThatAreNotACertificateIsRefused() {
        CryptoException e = assertThrows(CryptoException.class, () -> Certificates.parse(new byte[] {9, 9, 9}));
        assertTrue(e.getMessage().startsWith("not an X.509 certificate"), e.getMessage());
    }
}
