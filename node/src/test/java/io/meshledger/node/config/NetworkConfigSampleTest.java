package io.meshledger.node.config;

import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.genesis.GenesisCodec;
import io.meshledger.core.validators.Validator;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed sample in network-config/ stays loadable and keyless. */
class NetworkConfigSampleTest {
    static final Path SAMPLE = Path.of("").toAbsolutePath().getParent().resolve("network-config/sample");

    @Test
    void theSampleGenesisAndEveryNodeConfigLoad() {
        Genesis g = GenesisCodec.load(SAMPLE.resolve("genesis.json"));
        assertEquals(4, g.validators().size());
        assertEquals(2, g.organisations().size());
        for (Validator v : g.validators().validators()) {
            NodeConfig c = NodeConfigCodec.load(SAMPLE.resolve("nodes").resolve(v.name()).resolve("node.yaml"));
            assertEquals(v.endpoint(), c.peerListen().toString());
            assertEquals(SAMPLE.resolve("genesis.json").normalize(), c.genesis());
        }
    }

    @Test
    void theSampleHoldsNoPrivateKey() throws Exception {
        try (Stream<Path> files = Files.walk(SAMPLE)) {
            files.filter(Files::isRegularFile).forEach(p -> {
                try {
                    assertTrue(!Files.readString(p).contains("PRIVATE KEY"), p + " holds a private key");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }
}
