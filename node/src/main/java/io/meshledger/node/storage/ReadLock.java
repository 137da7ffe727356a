package io.meshledger.node.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A shared lock on the {@code LOCK} file RocksDB keeps in every database
 * directory. A node's RocksDB holds an exclusive POSIX lock on it while the
 * store is open, so failing to get a shared one means a running process owns
 * the store; holding it keeps a node from opening the store meanwhile. The file
 * is opened for reading only: nothing is written.
 */
final class ReadLock implements AutoCloseable {
    private static final String LOCK_FILE = "LOCK";

    /** Both null when the directory has no lock file. */
    private final FileChannel channel;
    private final FileLock lock;

    private ReadLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws StoreUnavailableException if {@code directory} is not a RocksDB directory or a running process holds it */
    static ReadLock acquire(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new StoreUnavailableException(directory + " is not a Meshledger data directory: "
                    + (Files.exists(directory) ? "not a directory" : "it does not exist"));
        }
        if (!Files.isRegularFile(directory.resolve("CURRENT"))) {
            throw new StoreUnavailableException(directory + " is not a Meshledger data directory: it holds no RocksDB"
                    + " database");
        }
        Path file = directory.resolve(LOCK_FILE);
        if (!Files.exists(file)) {
            // A copied store without its lock file: no process can hold it.
            return new ReadLock(null, null);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot read " + file + ": " + e.getMessage());
        }
        try {
            FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
            if (lock == null) {
                throw inUse(directory);
            }
            return new ReadLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw inUse(directory);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof StoreUnavailableException s) {
                throw s;
            }
            throw new StoreUnavailableException("cannot lock " + file + ": " + e.getMessage());
        }
    }

    private static StoreUnavailableException inUse(Path directory) {
        return StoreUnavailableException.inUse(directory + " is in use by a running node (its RocksDB lock is held);"
                + " stop the node first");
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was locked through it.
        }
    }

    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new StorageException("cannot release the lock of " + channel + ": " + e.getMessage(), e);
        }
    }
}
