package io.meshledger.core.identity;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.testing.Seeded;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MembershipValidatorTest {
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final Duration YEAR = Duration.ofDays(365);
    static final Instant DURING = T0.plus(Duration.ofDays(30));

    /** Two organisations whose CAs use {@code algorithm}. */
    record Consortium(CertificateAuthority org1, CertificateAuthority org2, SecureRandom random) {
        static Consortium of(SignatureAlgorithm algorithm) {
            SecureRandom random = Seeded.secureRandom(algorithm.ordinal() * 100L);
            return new Consortium(
                    CertificateAuthority.create("org1", SigningKey.generate(algorithm, random), T0, Duration.ofDays(3650), random),
                    CertificateAuthority.create("org2", SigningKey.generate(algorithm, random), T0, Duration.ofDays(3650), random),
                    random);
        }

        MembershipValidator validator() {
            return new MembershipValidator(Map.of("org1", der(org1.certificate()), "org2", der(org2.certificate())), 100);
        }

        SigningKey newKey(SignatureAlgorithm algorithm) {
            return SigningKey.generate(algorithm, random);
        }
    }

    private static final Map<SignatureAlgorithm, Consortium> CONSORTIA = new EnumMap<>(SignatureAlgorithm.class);

    static synchronized Consortium consortium(SignatureAlgorithm caAlgorithm) {
        return CONSORTIA.computeIfAbsent(caAlgorithm, Consortium::of);
    }

    static Bytes der(X509CertificateHolder cert) {
        try {
            return Bytes.wrap(cert.getEncoded());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static String invalidReason(MembershipCheck check) {
        return assertInstanceOf(MembershipCheck.Invalid.class, check).reason();
    }

    static Stream<Arguments> rolesAndAlgorithms() {
        return Stream.of(Role.NODE, Role.ADMIN, Role.USER).flatMap(role ->
                Stream.of(SignatureAlgorithm.values()).flatMap(ca ->
                        Stream.of(SignatureAlgorithm.values()).map(member -> Arguments.of(role, ca, member))));
    }

    @ParameterizedTest(name = "{0} key {2} issued by a {1} CA")
    @MethodSource("rolesAndAlgorithms")
    void anIssuedCertificateValidatesAndNamesItsOrgNameRoleKeyAndId(Role role, SignatureAlgorithm caAlgorithm,
                                                                   SignatureAlgorithm memberAlgorithm) throws Exception {
        Consortium c = consortium(caAlgorithm);
        SigningKey key = c.newKey(memberAlgorithm);
        X509CertificateHolder cert = c.org2().issue(role, "alice", key.publicKey(), T0, YEAR, List.of("localhost"));
        byte[] der = cert.getEncoded();

        Member m = assertInstanceOf(MembershipCheck.Valid.class, c.validator().validate(der, DURING)).member();

        assertEquals("org2", m.org());
        assertEquals("alice", m.name());
        assertEquals("org2/alice", m.qualifiedName());
        assertEquals(role, m.role());
        assertEquals(key.publicKey(), m.key());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(der), m.id().fingerprint().toArray(),
                "the id is the SHA-256 of the certificate's DER");
        assertEquals(T0, m.notBefore());
        assertEquals(T0.plus(YEAR), m.notAfter());
        assertEquals(Bytes.of(der), m.certificate());
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void aCertificateFromAnotherCaClaimingTheSameOrgNameIsRejected(SignatureAlgorithm algorithm) throws Exception {
        Consortium c = consortium(algorithm);
        CertificateAuthority impostor = CertificateAuthority.create("org1", c.newKey(algorithm), T0, YEAR, c.random());
        assertEquals(c.org1().certificate().getSubject(), impostor.certificate().getSubject(), "same CA name");
        byte[] forged = impostor.issue(Role.ADMIN, "mallory", c.newKey(SignatureAlgorithm.ED25519).publicKey(),
                T0, YEAR, List.of()).getEncoded();

        String reason = invalidReason(c.validator().validate(forged, DURING));
        assertTrue(reason.contains("not signed by the genesis CA of org1"), reason);
    }

    @Test
    void aCertificateFromAnImpostorCaWithTheOtherKeyTypeIsRejected() throws Exception {
        Consortium c = consortium(SignatureAlgorithm.ED25519);
        CertificateAuthority impostor = CertificateAuthority.create("org1",
                c.newKey(SignatureAlgorithm.ECDSA_P256), T0, YEAR, c.random());
        byte[] forged = impostor.issue(Role.USER, "mallory", c.newKey(SignatureAlgorithm.ED25519).publicKey(),
                T0, YEAR, List.of()).getEncoded();
        String reason = invalidReason(c.validator().validate(forged, DURING));
        assertTrue(reason.contains("does not match the org1 CA key"), reason);
    }

    @Test
    void aCertificateOfAnOrganisationOutsideTheRootsIsRejected() throws Exception {
        Consortium c = consortium(SignatureAlgorithm.ED25519);
        CertificateAuthority outsider = CertificateAuthority.create("org3",
                c.newKey(SignatureAlgorithm.ED25519), T0, YEAR, c.random());
        byte[] cert = outsider.issue(Role.NODE, "node9", c.newKey(SignatureAlgorithm.ED25519).publicKey(),
                T0, YEAR, List.of("localhost")).getEncoded();
        String reason = invalidReason(c.validator().validate(cert, DURING));
        assertTrue(reason.contains("'org3'") && reason.contains("not a consortium member"), reason);
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void aCaCertificatePresentedAsAMemberIsRejected(SignatureAlgorithm algorithm) throws Exception {
        Consortium c = consortium(algorithm);
        String reason = invalidReason(c.validator().validate(c.org1().certificate().getEncoded(), DURING));
        assertTrue(reason.contains("is a CA certificate"), reason);
    }

    @Test
    void aCertificateIsValidOnlyFromNotBeforeToNotAfterInclusive() throws Exception {
        Consortium c = consortium(SignatureAlgorithm.ED25519);
        Instant from = T0.plus(Duration.ofDays(10));
        Instant to = from.plus(Duration.ofDays(20));
        byte[] cert = c.org1().issue(Role.USER, "bob", c.newKey(SignatureAlgorithm.ED25519).publicKey(),
                from, Duration.ofDays(20), List.of()).getEncoded();
        MembershipValidator v = c.validator();

        String early = invalidReason(v.validate(cert, from.minusSeconds(1)));
        assertTrue(early.contains("org1/bob") && early.contains("not at " + from.minusSeconds(1)), early);
        assertInstanceOf(MembershipCheck.Valid.class, v.validate(cert, from));
        assertInstanceOf(MembershipCheck.Valid.class, v.validate(cert, to));
        String late = invalidReason(v.validate(cert, to.plusSeconds(1)));
        assertTrue(late.contains("valid from " + from + " to " + to), late);
    }

    @Test
    void anExpiredCertificateIsRejectedOnItsFirstCheckToo() throws Exception {
        Consortium c = consortium(SignatureAlgorithm.ECDSA_P256);
        byte[] cert = c.org1().issue(Role.USER, "carol", c.newKey(SignatureAlgorithm.ED25519).publicKey(),
                T0, Duration.ofDays(1), List.of()).getEncoded();
        String reason = invalidReason(c.validator().validate(cert, T0.plus(Duration.ofDays(2))));
        assertTrue(reason.contains("valid from"), reason);
    }

    @Test
    void garbageAndEmptyBytesAreRejectedWithAReason() {
        MembershipValidator v = consortium(SignatureAlgorithm.ED25519).validator();
        assertTrue(invalidReason(v.validate(new byte[] {1, 2, 3, 4, 5}, DURING)).contains("not an X.509 certificate"));
        assertTrue(invalidReason(v.validate(new byte[0], DURING)).contains("not an X.509 certificate"));
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void aCertificateWhoseSignatureWasTamperedWithIsRejected(SignatureAlgorithm algorithm) throws Exception {
        Consortium c = consortium(algorithm);
        X509CertificateHolder cert = c.org1().issue(Role.USER, "dave", c.newKey(SignatureAlgorithm.ED25519).publicKey(),
                T0, YEAR, List.of());
        MembershipValidator v = c.validator();
        assertInstanceOf(MembershipCheck.Valid.class, v.validate(cert.getEncoded(), DURING));

        Certificate asn1 = cert.toASN1Structure();
        byte[] sig = asn1.getSignature().getOctets();
        for (int i : new int[] {0, sig.length / 2, sig.length - 1}) {
            byte[] tamperedSig = sig.clone();
            tamperedSig[i] ^= 0x01;
            ASN1EncodableVector parts = new ASN1EncodableVector();
            parts.add(asn1.getTBSCertificate());
            parts.add(asn1.getSignatureAlgorithm());
            parts.add(new DERBitString(tamperedSig));
            byte[] tampered = new DERSequence(parts).getEncoded("DER");
            X509CertificateHolder reparsed = Certificates.parse(tampered);
            assertEquals(cert.getSubject(), reparsed.getSubject(), "still a well-formed certificate");

            String reason = invalidReason(v.validate(tampered, DURING));
            assertTrue(reason.contains("not signed by the genesis CA of org1"), "byte " + i + ": " + reason);
        }
    }

    @Test
    void aValidResultIsCachedAndTheSecondCallReturnsTheSameMember() throws Exception {
        Consortium c = consortium(SignatureAlgorithm.ED25519);
        byte[] cert = c.org1().issue(Role.USER, "erin", c.newKey(SignatureAlgorithm.ED25519).publicKey(),
                T0, YEAR, List.of()).getEncoded();
        MembershipValidator v = c.validator();
        IdentityId id = IdentityId.ofCertificate(cert);
        assertTrue(v.known(id).isEmpty());

        Member first = assertInstanceOf(MembershipCheck.Valid.class, v.validate(cert, DURING)).member();
        assertSame(first, v.known(id).orElseThrow());
        Member second = assertInstanceOf(MembershipCheck.Valid.class, v.validate(cert, DURING.plusSeconds(60))).member();
        assertSame(first, second);
    }

    @Test
    void aCachedCertificateIsStillCheckedForValidityAtTheNewInstant() throws Exception {
        Consortium c = consortium(SignatureAlgorithm.ED25519);
        byte[] cert = c.org1().issue(Role.USER, "frank", c.newKey(SignatureAlgorithm.ED25519).publicKey(),
                T0, Duration.ofDays(60), List.of()).getEncoded();
        MembershipValidator v = c.validator();
        assertInstanceOf(MembershipCheck.Valid.class, v.validate(cert, DURING));
        assertTrue(invalidReason(v.validate(cert, T0.plus(Duration.ofDays(61)))).contains("valid from"));
    }

    @Test
    void invalidResultsAreNotCached() throws Exception {
        Consortium c = consortium(SignatureAlgorithm.ED25519);
        byte[] caCert = c.org1().certificate().getEncoded();
        MembershipValidator v = c.validator();
        invalidReason(v.validate(caCert, DURING));
        assertTrue(v.known(IdentityId.ofCertificate(caCert)).isEmpty());
    }

    @Test
    void validationStaysCorrectWhenTheCacheOverflows() throws Exception {
        Consortium c = consortium(SignatureAlgorithm.ED25519);
        MembershipValidator v = new MembershipValidator(
                Map.of("org1", der(c.org1().certificate()), "org2", der(c.org2().certificate())), 2);
        List<byte[]> certs = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            certs.add(c.org1().issue(Role.USER, "user" + i, c.newKey(SignatureAlgorithm.ED25519).publicKey(),
                    T0, YEAR, List.of()).getEncoded());
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < certs.size(); i++) {
                Member m = assertInstanceOf(MembershipCheck.Valid.class, v.validate(certs.get(i), DURING)).member();
                assertEquals("user" + i, m.name());
            }
        }
    }

    @Test
    void theValidatorTrustsExactlyTheOrganisationsItWasGiven() {
        assertEquals(java.util.Set.of("org1", "org2"), consortium(SignatureAlgorithm.ED25519).validator().organisations());
    }
}
