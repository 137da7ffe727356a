package io.meshledger.node.config;

import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.genesis.TransactionLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The transaction limits a new network's genesis carries: the defaults, or the ones asked for (as the bench does). */
class NetworkInitializerLimitsTest {
    @TempDir
    Path dir;

    private final NetworkInitializer initializer = new NetworkInitializer(new SecureRandom(), Clock.systemUTC());

    @Test
    void aNetworkGetsTheDefaultLimitsUnlessGivenOthers() {
        Genesis plain = initializer.initialise(new NetworkInitializer.Options(dir.resolve("plain"), "c", 1, 1, 7050,
                false));
        assertEquals(TransactionLimits.defaults(), plain.limits());

        TransactionLimits wide = new TransactionLimits(4096, 1_000_000);
        Genesis custom = initializer.initialise(new NetworkInitializer.Options(dir.resolve("custom"), "c", 1, 1, 7050,
                false), wide);
        // The returned genesis is the one re-read from the written file, so the file carries them too.
        assertEquals(wide, custom.limits());
    }
}
