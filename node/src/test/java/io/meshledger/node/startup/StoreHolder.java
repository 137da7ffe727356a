package io.meshledger.node.startup;

import io.meshledger.node.storage.RocksLedgerStore;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The child process of {@link DataDirectoryTest}: a running node's hold on its
 * data directory. Opens the store at {@code args[0]}, prints {@code open}, and
 * keeps it open until its stdin closes (or it is killed).
 */
public final class StoreHolder {
    private StoreHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (RocksLedgerStore store = RocksLedgerStore.open(Path.of(args[0]))) {
            System.out.println("open " + store.tip().height());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Held until the parent closes our stdin.
            }
        }
    }
}
