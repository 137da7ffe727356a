package io.meshledger.core.crypto;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Verifies a list of signatures across all cores: the list is cut into one
 * contiguous chunk per worker so per-task overhead stays far below the ~70 µs a
 * verification costs. The caller's thread takes the first chunk itself.
 */
public final class BatchVerifier {
    /** Below this many signatures per extra worker, splitting costs more than it saves. */
    private static final int MIN_PER_CHUNK = 4;

    private final ExecutorService workers;
    private final int parallelism;

    /**
     * @param workers     threads that verify; owned by the caller
     * @param parallelism how many chunks to cut a batch into (usually the core count)
     */
    public BatchVerifier(ExecutorService workers, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
        this.workers = workers;
        this.parallelism = parallelism;
    }

    /** Returns the set of indexes whose signature is valid. */
    public BitSet verifyAll(List<SignatureCheck> checks) {
        int n = checks.size();
        BitSet valid = new BitSet(n);
        int chunks = Math.max(1, Math.min(parallelism, n / MIN_PER_CHUNK));
        if (chunks == 1) {
            verifyRange(checks, 0, n, valid);
            return valid;
        }
        int size = (n + chunks - 1) / chunks;
        List<Future<BitSet>> futures = new ArrayList<>(chunks - 1);
        for (int c = 1; c < chunks; c++) {
            int from = c * size;
            int to = Math.min(n, from + size);
            if (from >= to) {
                break;
            }
            futures.add(workers.submit(() -> {
                BitSet part = new BitSet(n);
                verifyRange(checks, from, to, part);
                return part;
            }));
        }
        verifyRange(checks, 0, Math.min(n, size), valid);
        for (Future<BitSet> f : futures) {
            try {
                valid.or(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CryptoException("interrupted while verifying signatures", e);
            } catch (ExecutionException e) {
                throw new CryptoException("signature verification failed: " + e.getCause(), e.getCause());
            }
        }
        return valid;
    }

    private static void verifyRange(List<SignatureCheck> checks, int from, int to, BitSet out) {
        for (int i = from; i < to; i++) {
            if (checks.get(i).verify()) {
                out.set(i);
            }
        }
    }
}
