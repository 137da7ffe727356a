package io.meshledger.core.genesis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.crypto.Signer;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.identity.CertificateAuthority;
import io.meshledger.core.identity.Certificates;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.identity.MembershipCheck;
import io.meshledger.core.identity.Role;
import io.meshledger.core.testing.Seeded;
import io.meshledger.core.validators.Validator;
import io.meshledger.core.validators.ValidatorSet;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenesisCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final long GENESIS_TIME_MS = T0.plus(Duration.ofDays(1)).toEpochMilli();
    private static final Duration YEAR = Duration.ofDays(365);
    private static final SecureRandom RANDOM = Seeded.secureRandom(2025);

    private static final CertificateAuthority ORG1 = CertificateAuthority.create("org1",
            SigningKey.generate(SignatureAlgorithm.ECDSA_P256, RANDOM), T0, Duration.ofDays(3650), RANDOM);
    private static final CertificateAuthority ORG2 = CertificateAuthority.create("org2",
            SigningKey.generate(SignatureAlgorithm.ECDSA_P256, RANDOM), T0, Duration.ofDays(3650), RANDOM);
    /** node1, node2 of org1; node3, node4 of org2. */
    private static final List<byte[]> NODE_CERTS = new ArrayList<>();
    private static final byte[] ORG1_USER;
    private static final byte[] ORG2_NODE_SPARE;
    private static final Genesis GENESIS;
    private static final String GENESIS_JSON;

    static {
        for (int i = 1; i <= 4; i++) {
            CertificateAuthority ca = i <= 2 ? ORG1 : ORG2;
            NODE_CERTS.add(issue(ca, Role.NODE, "node" + i));
        }
        ORG1_USER = issue(ORG1, Role.USER, "alice");
        ORG2_NODE_SPARE = issue(ORG2, Role.NODE, "node9");
        List<Validator> validators = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] der = NODE_CERTS.get(i);
            X509CertificateHolder cert = Certificates.parse(der);
            validators.add(new Validator(IdentityId.ofCertificate(der), "node" + (i + 1), i < 2 ? "org1" : "org2",
                    io.meshledger.core.crypto.PublicKeyInfo.fromSubjectPublicKeyInfo(encoded(cert.getSubjectPublicKeyInfo())),
                    "node" + (i + 1) + ".example:" + (7001 + i), Bytes.wrap(der)));
        }
        GENESIS = new Genesis("meshledger-test.1", GENESIS_TIME_MS,
                List.of(new Organisation("org1", Bytes.wrap(encoded(ORG1.certificate()))),
                        new Organisation("org2", Bytes.wrap(encoded(ORG2.certificate())))),
                new ValidatorSet(3, validators),
                new ConsensusParameters(250, 2 * 1024 * 1024, 800, 20_000, 2.0),
                new TransactionLimits(32 * 1024, 5_000));
        GENESIS_JSON = GenesisCodec.toJson(GENESIS);
    }

    static byte[] issue(CertificateAuthority ca, Role role, String name) {
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519, RANDOM);
        return encoded(ca.issue(role, name, key.publicKey(), T0, YEAR, List.of("localhost")));
    }

    static byte[] encoded(X509CertificateHolder cert) {
        try {
            return cert.getEncoded();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] encoded(SubjectPublicKeyInfo spki) {
        try {
            return spki.getEncoded("DER");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static String pem(byte[] der) {
        return Certificates.toPem(Certificates.CERTIFICATE, der);
    }

    /** The valid genesis as a mutable JSON tree. */
    static ObjectNode tree() {
        try {
            return (ObjectNode) JSON.readTree(GENESIS_JSON);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static ObjectNode org(ObjectNode root, int i) {
        return (ObjectNode) root.get("organisations").get(i);
    }

    static ObjectNode validator(ObjectNode root, int i) {
        return (ObjectNode) root.get("validators").get(i);
    }

    /** Applies {@code edit} to the valid genesis and returns the message it is refused with. */
    static String refusal(Consumer<ObjectNode> edit) {
        ObjectNode root = tree();
        edit.accept(root);
        return refusal(root.toString());
    }

    static String refusal(String json) {
        GenesisException e = assertThrows(GenesisException.class, () -> GenesisCodec.parse(json, "genesis.json"));
        assertTrue(e.getMessage().startsWith("genesis.json: "), e.getMessage());
        return e.getMessage();
    }

    static void assertNames(String message, String path, String problem) {
        assertTrue(message.contains(path), "expected the path '" + path + "' in: " + message);
        assertTrue(message.contains(problem), "expected '" + problem + "' in: " + message);
    }

    @Test
    void aGenesisWrittenToJsonParsesBackToTheSameConsortium() {
        Genesis back = GenesisCodec.parse(GENESIS_JSON, "genesis.json");
        assertEquals(GENESIS.chainId(), back.chainId());
        assertEquals(GENESIS.genesisTimeMs(), back.genesisTimeMs());
        assertEquals(GENESIS.organisations(), back.organisations());
        assertEquals(List.of("org1", "org2"), back.organisations().stream().map(Organisation::name).toList());
        assertEquals(GENESIS.validators().epoch(), back.validators().epoch());
        assertEquals(GENESIS.validators().validators(), back.validators().validators());
        assertEquals(GENESIS.validators().validators().stream().map(Validator::id).toList(),
                back.validators().validators().stream().map(Validator::id).toList());
        assertEquals(List.of("node1.example:7001", "node2.example:7002", "node3.example:7003", "node4.example:7004"),
                back.validators().validators().stream().map(Validator::endpoint).toList());
        assertEquals(GENESIS.consensus(), back.consensus());
        assertEquals(GENESIS.limits(), back.limits());
        assertEquals(GENESIS_JSON, GenesisCodec.toJson(back), "writing again gives the same text");
    }

    @Test
    void theParsedGenesisTrustsExactlyItsOrganisations(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("genesis.json");
        Files.writeString(file, GENESIS_JSON);
        Genesis loaded = GenesisCodec.load(file);
        assertEquals(java.util.Set.of("org1", "org2"), loaded.membershipValidator(8).organisations());
        assertInstanceOf(MembershipCheck.Valid.class,
                loaded.membershipValidator(8).validate(ORG1_USER, Instant.ofEpochMilli(GENESIS_TIME_MS)));
    }

    @Test
    void aMissingFileIsReportedAsSuch(@TempDir Path dir) {
        GenesisException e = assertThrows(GenesisException.class, () -> GenesisCodec.load(dir.resolve("nope.json")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void textThatIsNotJsonIsRefused() {
        assertNames(refusal("this is not json {"), "genesis.json", "not valid JSON");
        assertNames(refusal("[1, 2]"), "genesis.json", "top level must be a JSON object");
        assertNames(refusal(""), "genesis.json", "top level must be a JSON object");
    }

    @Test
    void aMissingChainIdIsNamed() {
        assertNames(refusal(r -> r.remove("chain_id")), "chain_id", "is required");
    }

    @Test
    void aChainIdWithForbiddenCharactersIsNamed() {
        assertNames(refusal(r -> r.put("chain_id", "my chain!")), "chain_id", "must match");
        assertNames(refusal(r -> r.put("chain_id", "x".repeat(65))), "chain_id", "must match");
        assertNames(refusal(r -> r.put("chain_id", 12)), "chain_id", "must be a non-empty string");
    }

    @Test
    void anEmptyOrganisationListIsNamed() {
        assertNames(refusal(r -> r.putArray("organisations")), "organisations", "at least one organisation");
    }

    @Test
    void aDuplicateOrganisationNameIsNamed() {
        String m = refusal(r -> ((ArrayNode) r.get("organisations")).add(org(r, 0).deepCopy()));
        assertNames(m, "organisations[2].name", "'org1' appears twice");
    }

    @Test
    void anOrganisationRootThatIsNotACaCertificateIsNamed() {
        String m = refusal(r -> org(r, 0).put("ca_certificate", pem(NODE_CERTS.get(0))));
        assertNames(m, "organisations[0].ca_certificate", "not a CA certificate");
    }

    @Test
    void anOrganisationRootThatIsNotSelfSignedIsNamed() throws Exception {
        // A CA certificate naming org1 but issued (and signed) by org2's CA.
        SigningKey subKey = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, RANDOM);
        X500Name subject = new X500Name("O=org1,OU=ca,CN=org1 CA");
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(ORG2.certificate().getSubject(), BigInteger.TEN,
                Date.from(T0), Date.from(T0.plus(YEAR)), subject,
                SubjectPublicKeyInfo.getInstance(subKey.publicKey().encoded().toArray()));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        byte[] intermediate = b.build(new EcdsaContentSigner(ORG2.key())).getEncoded();

        String m = refusal(r -> org(r, 0).put("ca_certificate", pem(intermediate)));
        assertNames(m, "organisations[0].ca_certificate", "not self-signed");
    }

    @Test
    void anOrganisationRootWhoseSelfSignatureWasTamperedWithIsNamed() throws Exception {
        Certificate asn1 = ORG1.certificate().toASN1Structure();
        // Swap in the signature of the other root: well-formed DER, wrong signer.
        byte[] otherSig = ORG2.certificate().toASN1Structure().getSignature().getOctets();
        ASN1EncodableVector parts = new ASN1EncodableVector();
        parts.add(asn1.getTBSCertificate());
        parts.add(asn1.getSignatureAlgorithm());
        parts.add(new DERBitString(otherSig));
        byte[] tampered = new DERSequence(parts).getEncoded("DER");

        String m = refusal(r -> org(r, 0).put("ca_certificate", pem(tampered)));
        assertNames(m, "organisations[0].ca_certificate", "self-signature does not verify");
    }

    @Test
    void anOrganisationRootListedUnderAnotherNameIsNamed() {
        String m = refusal(r -> org(r, 0).put("ca_certificate", pem(encoded(ORG2.certificate()))));
        assertNames(m, "organisations[0].ca_certificate", "names organisation 'org2', not 'org1'");
    }

    @Test
    void anOrganisationRootThatIsNotPemOrNotACertificateIsNamed() {
        assertNames(refusal(r -> org(r, 1).put("ca_certificate", "garbage")),
                "organisations[1].ca_certificate", "no PEM block");
        assertNames(refusal(r -> org(r, 1).put("ca_certificate", pem(new byte[] {1, 2, 3, 4}))),
                "organisations[1].ca_certificate", "not an X.509 certificate");
        assertNames(refusal(r -> org(r, 1).put("ca_certificate",
                        "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n")),
                "organisations[1].ca_certificate", "malformed PEM");
    }

    @Test
    void aValidatorOfAnUnlistedOrganisationIsNamed() {
        assertNames(refusal(r -> validator(r, 2).put("org", "org9")), "validators[2].org", "'org9' is not one of");
    }

    @Test
    void aValidatorEndpointWithoutAPortIsNamed() {
        assertNames(refusal(r -> validator(r, 1).put("endpoint", "node2.example")),
                "validators[1].endpoint", "must be host:port");
        assertNames(refusal(r -> validator(r, 1).put("endpoint", "node2.example:")),
                "validators[1].endpoint", "port is not a number");
        assertNames(refusal(r -> validator(r, 1).put("endpoint", ":7002")),
                "validators[1].endpoint", "must be host:port");
    }

    @Test
    void aValidatorEndpointWithAPortOutOfRangeIsNamed() {
        assertNames(refusal(r -> validator(r, 0).put("endpoint", "node1.example:70000")),
                "validators[0].endpoint", "port must be in [1, 65535], got 70000");
        assertNames(refusal(r -> validator(r, 0).put("endpoint", "node1.example:0")),
                "validators[0].endpoint", "got 0");
    }

    @Test
    void twoValidatorsWithTheSameEndpointAreNamed() {
        String m = refusal(r -> validator(r, 3).put("endpoint", "node1.example:7001"));
        assertNames(m, "validators[3].endpoint", "node1.example:7001 is used by two validators");
    }

    @Test
    void aValidatorCertificateIssuedByTheOtherOrganisationsCaIsNamed() {
        // node3's certificate comes from org2's CA; claiming it for org1 must fail.
        String m = refusal(r -> validator(r, 2).put("org", "org1"));
        assertNames(m, "validators[2].certificate", "must be a node certificate of org1, is a node certificate of org2");
    }

    @Test
    void aUserCertificateUsedAsAValidatorIsNamed() {
        String m = refusal(r -> validator(r, 0).put("certificate", pem(ORG1_USER)));
        assertNames(m, "validators[0].certificate", "is a user certificate of org1");
    }

    @Test
    void theSameCertificateForTwoValidatorsIsNamed() {
        String m = refusal(r -> validator(r, 1).put("certificate", validator(r, 0).get("certificate").asText()));
        assertNames(m, "validators[1].certificate", "the same certificate is used by two validators");
    }

    @Test
    void aValidatorCertificateFromOutsideTheConsortiumIsNamed() {
        CertificateAuthority outsider = CertificateAuthority.create("org1",
                SigningKey.generate(SignatureAlgorithm.ECDSA_P256, RANDOM), T0, YEAR, RANDOM);
        String m = refusal(r -> validator(r, 0).put("certificate", pem(issue(outsider, Role.NODE, "node1"))));
        assertNames(m, "validators[0].certificate", "not signed by the genesis CA of org1");
    }

    @Test
    void aValidatorCertificateNotValidAtGenesisTimeIsNamed() {
        long later = T0.plus(YEAR).plus(Duration.ofDays(1)).toEpochMilli();
        String m = refusal(r -> r.put("genesis_time_ms", later));
        assertNames(m, "validators[0].certificate", "valid from");
    }

    @Test
    void aSpareNodeCertificateOfTheRightOrganisationIsAccepted() {
        ObjectNode r = tree();
        validator(r, 3).put("certificate", pem(ORG2_NODE_SPARE));
        Genesis g = GenesisCodec.parse(r.toString(), "genesis.json");
        assertEquals(IdentityId.ofCertificate(ORG2_NODE_SPARE), g.validators().validators().get(3).id());
    }

    @Test
    void aMaxBatchSizeOfZeroIsNamed() {
        String m = refusal(r -> ((ObjectNode) r.get("consensus")).put("max_batch_size", 0));
        assertNames(m, "consensus.max_batch_size", "got 0");
    }

    @Test
    void aMaxBatchSizeBeyondTheIntRangeIsRefusedRatherThanWrapped() {
        // 2^32 + 1 would wrap to 1, a valid batch size, if narrowed without a check.
        String m = refusal(r -> ((ObjectNode) r.get("consensus")).put("max_batch_size", 4_294_967_297L));
        assertNames(m, "consensus.max_batch_size", "4294967297");
    }

    @Test
    void aMissingOrNegativeConsensusParameterIsNamed() {
        assertNames(refusal(r -> ((ObjectNode) r.get("consensus")).remove("round_timeout_ms")),
                "consensus.round_timeout_ms", "is required");
        assertNames(refusal(r -> ((ObjectNode) r.get("consensus")).put("max_block_bytes", -5)),
                "consensus.max_block_bytes", "non-negative integer");
        assertNames(refusal(r -> ((ObjectNode) r.get("consensus")).put("timeout_backoff", 9.5)),
                "consensus.timeout_backoff", "9.5");
    }

    @Test
    void aMaxTransactionSizeThatIsTooSmallIsNamed() {
        String m = refusal(r -> ((ObjectNode) r.get("limits")).put("max_tx_bytes", 100));
        assertNames(m, "limits.max_tx_bytes", "got 100");
    }

    @Test
    void aMaxTransactionSizeBeyondTheIntRangeIsRefusedRatherThanWrapped() {
        // 2^32 + 1024 would wrap to 1024 if narrowed without a check.
        String m = refusal(r -> ((ObjectNode) r.get("limits")).put("max_tx_bytes", 4_294_968_320L));
        assertNames(m, "limits.max_tx_bytes", "4294968320");
    }

    @Test
    void missingSectionsAreNamed() {
        assertNames(refusal(r -> r.remove("validators")), "validators", "is required");
        assertNames(refusal(r -> r.putArray("validators")), "validators", "at least one validator");
        assertNames(refusal(r -> r.remove("limits")), "limits", "is required");
        assertNames(refusal(r -> r.put("consensus", "fast")), "consensus", "must be an object");
    }

    /** Signs with a P-256 {@link Signer}, as a foreign tool would, for certificates our CA would not issue. */
    private static final class EcdsaContentSigner implements ContentSigner {
        private final Signer signer;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        EcdsaContentSigner(Signer signer) {
            this.signer = signer;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
        }

        @Override
        public OutputStream getOutputStream() {
            return buffer;
        }

        @Override
        public byte[] getSignature() {
            return signer.sign(buffer.toByteArray());
        }
    }
}
