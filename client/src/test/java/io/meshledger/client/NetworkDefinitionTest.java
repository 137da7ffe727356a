package io.meshledger.client;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.identity.CertificateAuthority;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.identity.Role;
import io.meshledger.core.validators.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** node.yaml reading; loading whole directories written by network init is tested in node's test scope. */
class NetworkDefinitionTest {
    static final String NODE_YAML = """
            node: node1
            org: org1
            genesis: ../../genesis.json
            data_dir: data
            identity:
              certificate: node.crt
              key: node.key
            peer_listen: 127.0.0.1:7050
            api_listen: 127.0.0.1:7051
            mempool:
              capacity: 100000
              max_bytes: 268435456
            """;

    @Test
    void theClientApiAddressIsTheNodesApiListen() {
        assertEquals(new LedgerClient.Endpoint("127.0.0.1", 7051), NetworkDefinition.apiEndpoint(NODE_YAML, "node.yaml"));
    }

    @Test
    void aMissingOrMalformedApiAddressIsNamedWithItsFile() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> NetworkDefinition.apiEndpoint("node: n1\n", "nodes/n1/node.yaml"));
        assertEquals("nodes/n1/node.yaml: api_listen: is required (host:port)", missing.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> NetworkDefinition.apiEndpoint("api_listen: localhost:http\n", "x.yaml"));
        assertTrue(bad.getMessage().startsWith("x.yaml: api_listen: port is not a number"), bad.getMessage());
    }

    /** A validator reached by its peers at {@code endpoint}, with a real node certificate. */
    static Validator validator(String endpoint) throws Exception {
        SecureRandom random = new SecureRandom();
        CertificateAuthority ca = CertificateAuthority.create("org1",
                SigningKey.generate(SignatureAlgorithm.ECDSA_P256, random), Instant.now().minusSeconds(60),
                Duration.ofDays(1), random);
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, random);
        byte[] der = ca.issue(Role.NODE, "node1", key.publicKey(), Instant.now().minusSeconds(60), Duration.ofDays(1),
                List.of("localhost")).getEncoded();
        return new Validator(IdentityId.ofCertificate(der), "node1", "org1", key.publicKey(), endpoint, Bytes.wrap(der));
    }

    @Test
    void aWildcardApiListenIsDialledAtTheGenesisHostOnTheApiPort() throws Exception {
        Validator named = validator("peer1.example.org:7050");
        for (String wildcard : List.of("0.0.0.0", "::", "[::]", "[0:0:0:0:0:0:0:0]")) {
            assertEquals(new LedgerClient.Endpoint("peer1.example.org", 7051),
                    NetworkDefinition.clientEndpoint(new LedgerClient.Endpoint(wildcard, 7051), named), wildcard);
        }
        assertEquals(new LedgerClient.Endpoint("[fd00::2]", 9001), NetworkDefinition.clientEndpoint(
                new LedgerClient.Endpoint("[::]", 9001), validator("[fd00::2]:9000")));
    }

    @Test
    void aSpecificApiListenIsDialledAsWritten() throws Exception {
        Validator named = validator("peer1.example.org:7050");
        for (String host : List.of("127.0.0.1", "10.0.0.4", "[::1]", "api.example.org", "0.0.0.0.example.org")) {
            LedgerClient.Endpoint listen = new LedgerClient.Endpoint(host, 7051);
            assertEquals(listen, NetworkDefinition.clientEndpoint(listen, named), host);
        }
    }

    @Test
    void aMissingNodeFileIsNamed(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("node.yaml");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkDefinition.apiEndpoint(yaml))
                .getMessage().endsWith("node.yaml: no such file"));
        Files.writeString(yaml, NODE_YAML);
        assertEquals(7051, NetworkDefinition.apiEndpoint(yaml).port());
    }
}
