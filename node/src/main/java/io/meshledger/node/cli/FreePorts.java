package io.meshledger.node.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Finds a base port whose ports (peer, API, metrics per node) are all free on 127.0.0.1. */
final class FreePorts {
    private static final int ATTEMPTS = 50;

    private FreePorts() {
    }

    static int findBase(int nodes) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            // Below Linux's default ephemeral range (32768-60999), where outgoing connections
            // could take a listen port between this check and the node's bind.
            int base = 20_000 + 10 * ThreadLocalRandom.current().nextInt(1_100);
            if (allFree(base, nodes)) {
                return base;
            }
        }
        throw new IllegalStateException("no free block of " + 10 * nodes + " ports found on 127.0.0.1");
    }

    private static boolean allFree(int base, int nodes) {
        for (int i = 0; i < nodes; i++) {
            for (int p = 0; p < 3; p++) {
                try (ServerSocket s = new ServerSocket(base + 10 * i + p, 1, InetAddress.getLoopbackAddress())) {
                    s.setReuseAddress(true);
                } catch (IOException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
