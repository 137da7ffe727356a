package io.meshledger.core.testing;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Random;

/** Reproducible randomness for tests: the same seed gives the same keys, nonces and serials. */
public final class Seeded {
    private Seeded() {
    }

    /**
     * A {@link SecureRandom} whose whole output is fixed by {@code seed}. SHA1PRNG seeded
     * before its first use never mixes in system entropy.
     */
    public static SecureRandom secureRandom(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA1PRNG", e);
        }
    }

    /** {@code length} bytes from {@code random}. */
    public static byte[] bytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }
}
