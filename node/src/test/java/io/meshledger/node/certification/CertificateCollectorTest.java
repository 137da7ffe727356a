package io.meshledger.node.certification;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.LedgerDigest;
import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.validators.Validator;
import io.meshledger.core.validators.ValidatorSet;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.config.PemFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CertificateCollectorTest {
    @TempDir
    static Path dir;
    static TestNetwork net;
    static ValidatorSet validators;
    static List<SigningKey> keys = new ArrayList<>();

    @BeforeAll
    static void network() {
        net = TestNetwork.create(dir, 2, 4);
        validators = net.genesis().validators();
        for (Validator v : validators.validators()) {
            keys.add(PemFiles.readPrivateKey(net.layout().nodeDir(v.name()).resolve("node.key")));
        }
    }

    static LedgerDigest digest(long height, String variant) {
        return new LedgerDigest(net.genesis().chainId(), 0, height, Hashing.sha256(("block" + height).getBytes()),
                Hashing.sha256(variant.getBytes()), height * 10, Hash.ZERO, 1_000 + height);
    }

    static DigestSignature sign(int validator, LedgerDigest d) {
        byte[] bytes = d.encode();
        byte[] sig = keys.get(validator).sign(LedgerDigest.signingHash(bytes).unsafeArray());
        return new DigestSignature(Bytes.wrap(bytes), d,
                new ValidatorSignature(validators.validators().get(validator).id(), Bytes.wrap(sig)));
    }

    CertificateCollector collector() {
        return new CertificateCollector(net.genesis().chainId(), validators, 0, 100);
    }

    @Test
    void aQuorumAgreeingWithOurDigestCertifiesTheBlock() {
        CertificateCollector c = collector();
        LedgerDigest d = digest(1, "a");
        assertInstanceOf(CertificationOutcome.Pending.class, c.addOwn(sign(0, d)));
        assertInstanceOf(CertificationOutcome.Pending.class, c.add(sign(1, d)));
        var done = assertInstanceOf(CertificationOutcome.Certified.class, c.add(sign(2, d)));
        assertEquals(3, done.certificate().signatures().size());
        assertTrue(validators.checkCertificate(net.genesis().chainId(), done.certificate()).isValid());
        assertEquals(1, c.certifiedUpTo());
        assertInstanceOf(CertificationOutcome.Refused.class, c.add(sign(3, d)), "late signatures are not needed");
    }

    @Test
    void peersMaySignBeforeWeExecuteTheBlock() {
        CertificateCollector c = collector();
        LedgerDigest d = digest(1, "a");
        c.add(sign(1, d));
        c.add(sign(2, d));
        assertInstanceOf(CertificationOutcome.Pending.class, c.add(sign(3, d)), "a quorum, but not our own digest yet");
        assertInstanceOf(CertificationOutcome.Certified.class, c.addOwn(sign(0, d)));
    }

    @Test
    void aQuorumOnAnotherDigestRevealsDivergence() {
        CertificateCollector c = collector();
        c.addOwn(sign(0, digest(1, "mine")));
        c.add(sign(1, digest(1, "theirs")));
        c.add(sign(2, digest(1, "theirs")));
        var diverged = assertInstanceOf(CertificationOutcome.Diverged.class, c.add(sign(3, digest(1, "theirs"))));
        assertEquals(1, diverged.height());
    }

    @Test
    void forgedUnknownAndOutOfWindowSignaturesAreRefused() {
        CertificateCollector c = collector();
        LedgerDigest d = digest(1, "a");
        DigestSignature good = sign(1, d);
        byte[] bad = good.signature().signature().toArray();
        bad[3] ^= 1;
        DigestSignature forged = new DigestSignature(good.digestBytes(), d,
                new ValidatorSignature(good.signature().validator(), Bytes.wrap(bad)));
        assertInstanceOf(CertificationOutcome.Refused.class, c.add(forged));
        DigestSignature byOtherKey = new DigestSignature(good.digestBytes(), d,
                new ValidatorSignature(validators.validators().get(2).id(), good.signature().signature()));
        assertInstanceOf(CertificationOutcome.Refused.class, c.add(byOtherKey));
        assertInstanceOf(CertificationOutcome.Refused.class, c.add(sign(1, digest(101, "a"))));
        // Duplicates of one signer never make a quorum.
        c.addOwn(sign(0, d));
        c.add(good);
        assertInstanceOf(CertificationOutcome.Pending.class, c.add(good));
    }

    @Test
    void certificatesCompletingOutOfOrderAdvanceTheCertifiedHeightContiguously() {
        CertificateCollector c = collector();
        for (int v = 0; v < 3; v++) {
            var out = v == 0 ? c.addOwn(sign(v, digest(2, "x"))) : c.add(sign(v, digest(2, "x")));
            if (v == 2) {
                assertInstanceOf(CertificationOutcome.Certified.class, out);
            }
        }
        assertEquals(0, c.certifiedUpTo());
        c.addOwn(sign(0, digest(1, "x")));
        c.add(sign(1, digest(1, "x")));
        assertInstanceOf(CertificationOutcome.Certified.class, c.add(sign(3, digest(1, "x"))));
        assertEquals(2, c.certifiedUpTo());
    }
}
