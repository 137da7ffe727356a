package io.meshledger.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

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

    @Test
    void aMissingNodeFileIsNamed(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("node.yaml");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkDefinition.apiEndpoint(yaml))
                .getMessage().endsWith("node.yaml: no such file"));
        Files.writeString(yaml, NODE_YAML);
        assertEquals(7051, NetworkDefinition.apiEndpoint(yaml).port());
    }
}
