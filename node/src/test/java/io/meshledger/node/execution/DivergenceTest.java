package io.meshledger.node.execution;

import io.meshledger.core.block.Block;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.validators.Validator;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.certification.CertificateCollector;
import io.meshledger.node.certification.LedgerCertifier;
import io.meshledger.node.config.PemFiles;
import io.meshledger.node.storage.BlockEffects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node whose executed state root differs from the one a quorum certified
 * says so and stops certifying; one that agrees adopts the certificate.
 */
class DivergenceTest {
    @TempDir
    Path dir;

    @Test
    void aQuorumCertificateForAnotherStateRootStopsCertificationAndOneForOursIsAdopted() {
        TestNetwork net = TestNetwork.create(dir.resolve("net"), 2, 4);
        try (ExecutionFixture fx = new ExecutionFixture(net, dir.resolve("db"), ExecutionLimits.DEFAULT)) {
            TestNetwork.User user = net.user("org1", "publisher");
            Block first = fx.next(List.of(fx.tx(user, "counter", "inc", new byte[0])));
            BlockEffects effects = fx.executor.execute(first);
            fx.store.append(first, effects, null, null);
            Block second = fx.next(List.of(fx.tx(user, "counter", "inc", new byte[0])));
            BlockEffects secondEffects = fx.executor.execute(second);
            fx.store.append(second, secondEffects, null, null);

            LedgerCertifier certifier = certifier(net, fx);
            certifier.adopt(certificate(net, first, effects.stateRoot()));
            assertTrue(fx.store.certificate(1).isPresent(), "a certificate of our own state is adopted");
            assertTrue(certifier.certifying());

            Hash otherRoot = io.meshledger.core.crypto.Hashing.sha256("another state".getBytes());
            certifier.adopt(certificate(net, second, otherRoot));
            assertFalse(certifier.certifying(), "a node the quorum contradicts stops certifying");
            assertEquals(2, certifier.divergedAt());
            assertEquals(Optional.empty(), fx.store.certificate(2), "the contradicting certificate is not stored");
        }
    }

    private static LedgerCertifier certifier(TestNetwork net, ExecutionFixture fx) {
        var validators = net.genesis().validators();
        Validator me = validators.validators().getFirst();
        SigningKey key = PemFiles.readPrivateKey(net.layout().nodeDir(me.name()).resolve("node.key"));
        CertificateCollector collector = new CertificateCollector(net.genesis().chainId(), validators, 0, 100);
        return new LedgerCertifier(net.genesis().chainId(), validators.epoch(), key, me.id(), collector, fx.store,
                signature -> { });
    }

    /** A certificate of {@code block} at {@code stateRoot}, signed by three of the four validators. */
    private static LedgerCertificate certificate(TestNetwork net, Block block, Hash stateRoot) {
        return net.certify(block, stateRoot);
    }
}
