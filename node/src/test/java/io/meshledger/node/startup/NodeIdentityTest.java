package io.meshledger.node.startup;

import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.node.config.ConfigException;
import io.meshledger.node.config.NodeConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Unreadable or wrong identity files stop the node with one line naming the key, the file and the fix. */
class NodeIdentityTest {
    private static final String CERT_FIX = "; fix: point identity.certificate at the node's certificate (node.crt); a"
            + " relative path resolves against node.yaml's directory";
    private static final String KEY_FIX = "; fix: point identity.key at the node's private key (node.key); a"
            + " relative path resolves against node.yaml's directory";

    @TempDir
    Path dir;

    private StartupFixture fixture;
    private NodeConfig config;
    private Genesis genesis;

    @BeforeEach
    void network() {
        fixture = StartupFixture.create(dir.resolve("net"));
        config = fixture.node1();
        genesis = fixture.network().genesis();
    }

    @Test
    void theFilesNetworkInitWroteAreNode1sIdentity() {
        NodeIdentity identity = NodeIdentity.load(config, genesis);
        assertEquals("node1", identity.validator().name());
        assertEquals(identity.validator().id(), IdentityId.ofCertificate(identity.certificate().toArray()));
        assertEquals(identity.validator().key(), identity.key().publicKey());
    }

    @Test
    void aMissingCertificateOrKeyIsNamed() {
        Path missing = dir.resolve("nowhere.crt");
        assertEquals("identity.certificate: " + missing + ": no such file" + CERT_FIX,
                error(StartupFixture.withIdentity(config, missing, config.key())));
        assertEquals("identity.key: " + missing + ": no such file" + KEY_FIX,
                error(StartupFixture.withIdentity(config, config.certificate(), missing)));
    }

    @Test
    void aDirectoryInPlaceOfAFileIsNamed() {
        assertEquals("identity.key: " + dir + " is a directory, not a file" + KEY_FIX,
                error(StartupFixture.withIdentity(config, config.certificate(), dir)));
    }

    @Test
    void swappedCertificateAndKeyAreRecognised() {
        NodeConfig swapped = StartupFixture.withIdentity(config, config.key(), config.certificate());
        assertEquals("identity.certificate: " + config.key() + " holds a PEM 'PRIVATE KEY' block, not a PEM"
                + " certificate; fix: identity.certificate and identity.key look swapped; point identity.certificate"
                + " at the node's certificate (-----BEGIN CERTIFICATE-----)", error(swapped));
        NodeConfig certAsKey = StartupFixture.withIdentity(config, config.certificate(), config.certificate());
        assertEquals("identity.key: " + config.certificate() + " holds a PEM 'CERTIFICATE' block, not a PKCS#8"
                + " private key; fix: identity.certificate and identity.key look swapped; point identity.key at the"
                + " node's PKCS#8 private key (-----BEGIN PRIVATE KEY-----)", error(certAsKey));
    }

    @Test
    void aFileThatIsNotPemIsNamed() {
        Path text = write("notes.txt", "just some notes\n");
        assertEquals("identity.certificate: " + text + " holds no PEM block, not a PEM certificate; fix: point"
                + " identity.certificate at the node's certificate (-----BEGIN CERTIFICATE-----)",
                error(StartupFixture.withIdentity(config, text, config.key())));
        Path empty = write("empty.key", "");
        assertEquals("identity.key: " + empty + " holds nothing (it is empty), not a PKCS#8 private key; fix: point"
                + " identity.key at the node's PKCS#8 private key (-----BEGIN PRIVATE KEY-----)",
                error(StartupFixture.withIdentity(config, config.certificate(), empty)));
        Path binary = dir.resolve("binary.key");
        try {
            Files.write(binary, new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3});
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals("identity.key: " + binary + " is not a PEM text file (it holds binary data)" + KEY_FIX,
                error(StartupFixture.withIdentity(config, config.certificate(), binary)));
    }

    @Test
    void aKeyOfTheWrongFormatGetsTheConversionCommand() {
        Path sec1 = write("sec1.key", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA==\n-----END EC PRIVATE KEY-----\n");
        assertEquals("identity.key: " + sec1 + " holds a PEM 'EC PRIVATE KEY' block, not a PKCS#8 private key; fix:"
                + " convert it to unencrypted PKCS#8 (openssl pkcs8 -topk8 -nocrypt -in sec1.key -out node.key) and"
                + " keep it mode 0600", error(StartupFixture.withIdentity(config, config.certificate(), sec1)));
    }

    @Test
    void aDamagedPemBlockIsNamedAsDamaged() {
        Path damaged = write("damaged.key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        String message = error(StartupFixture.withIdentity(config, config.certificate(), damaged));
        assertTrue(message.startsWith("identity.key: " + damaged + " holds a "), message);
        assertTrue(message.endsWith("; fix: restore the node's node.key from its backup")
                || message.contains("node keys are ECDSA P-256 or Ed25519"), message);
    }

    @Test
    void anotherNodesCertificateOrKeyIsRefusedAgainstGenesis() {
        Path node2 = fixture.network().layout().nodeDir("node2");
        NodeConfig wrongCertificate = StartupFixture.withIdentity(config, node2.resolve("node.crt"), config.key());
        String message = error(wrongCertificate);
        assertTrue(message.startsWith("identity.certificate: " + node2.resolve("node.crt") + " is not the"
                + " certificate genesis names for node1 (its fingerprint is "), message);
        assertTrue(message.endsWith("; fix: point identity.certificate at node1's node.crt, or genesis at the"
                + " genesis.json of the network that certificate belongs to"), message);
        NodeConfig wrongKey = StartupFixture.withIdentity(config, config.certificate(), node2.resolve("node.key"));
        assertEquals("identity.key: " + node2.resolve("node.key") + " is not the private key of node1's certificate "
                + config.certificate() + "; fix: point identity.key at the node.key written with that certificate",
                error(wrongKey));
    }

    @Test
    void aNodeNameOrOrgThatGenesisDoesNotKnowIsNamed() {
        NodeConfig stranger = new NodeConfig("node9", config.org(), config.genesis(), config.dataDir(),
                config.certificate(), config.key(), config.peerListen(), config.apiListen(), 10, 2048, Optional.empty());
        assertEquals("node: 'node9' is not a validator in " + config.genesis() + " (its validators are node1, node2,"
                + " node3, node4); fix: set node to this node's validator name, or genesis to the genesis.json of"
                + " this node's network", error(stranger));
        NodeConfig wrongOrg = new NodeConfig(config.name(), "org2", config.genesis(), config.dataDir(),
                config.certificate(), config.key(), config.peerListen(), config.apiListen(), 10, 2048, Optional.empty());
        assertEquals("org: 'org2' does not run node1; genesis says org1 does; fix: set org: org1", error(wrongOrg));
    }

    @Test
    void aMissingOrBrokenGenesisIsNamedByItsKey() {
        Path nowhere = dir.resolve("no-genesis.json");
        NodeConfig missing = new NodeConfig(config.name(), config.org(), nowhere, config.dataDir(),
                config.certificate(), config.key(), config.peerListen(), config.apiListen(), 10, 2048, Optional.empty());
        assertEquals("genesis: " + nowhere + ": no such file; fix: point genesis at the network's genesis.json; a"
                + " relative path resolves against node.yaml's directory",
                assertThrows(ConfigException.class, () -> Preflight.run(missing)).getMessage());
        Path broken = write("genesis.json", "{\"chain_id\": 5}");
        NodeConfig invalid = new NodeConfig(config.name(), config.org(), broken, config.dataDir(),
                config.certificate(), config.key(), config.peerListen(), config.apiListen(), 10, 2048, Optional.empty());
        String message = assertThrows(ConfigException.class, () -> Preflight.run(invalid)).getMessage();
        assertTrue(message.startsWith("genesis: genesis.json: chain_id"), message);
        assertTrue(message.endsWith("; fix: restore the genesis.json every node of this network shares, unchanged"),
                message);
    }

    private String error(NodeConfig c) {
        String message = assertThrows(ConfigException.class, () -> NodeIdentity.load(c, genesis)).getMessage();
        assertFalse(message.contains("\n"), message);
        return message;
    }

    private Path write(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
