package io.meshledger.node.execution.sandbox;

/**
 * Size limits on a contract bundle, checked before any class is parsed so a
 * hostile JAR (zip bomb, thousands of classes) costs the verifier little.
 *
 * @param maxJarBytes          compressed size of the whole JAR
 * @param maxUncompressedBytes sum of the inflated entries
 * @param maxClasses           number of {@code .class} entries
 * @param maxMethodInstructions instructions in one method; keeps instrumented methods under the JVM's 64 KiB code limit
 * @param maxFrameSlots        {@code max_locals + max_stack} of one method; with the call-depth bound this caps the
 *                             Java stack a contract can use, so it cannot provoke a {@link StackOverflowError}
 */
public record BundleLimits(int maxJarBytes, int maxUncompressedBytes, int maxClasses,
                           int maxMethodInstructions, int maxFrameSlots) {
    /** 1 MiB JAR, 4 MiB inflated, 256 classes, 8,000 instructions and 256 frame slots per method. */
    public static final BundleLimits DEFAULT = new BundleLimits(1 << 20, 4 << 20, 256, 8_000, 256);

    public BundleLimits {
        if (maxJarBytes <= 0 || maxUncompressedBytes <= 0 || maxClasses <= 0
                || maxMethodInstructions <= 0 || maxFrameSlots <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxJarBytes + ", " + maxUncompressedBytes
                    + ", " + maxClasses + ", " + maxMethodInstructions + ", " + maxFrameSlots);
        }
    }
}
