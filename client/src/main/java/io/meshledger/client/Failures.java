package io.meshledger.client;

import io.grpc.StatusRuntimeException;
import io.meshledger.core.crypto.Hash;

import java.util.function.Supplier;

/** Turns gRPC failures of {@link LedgerClient} calls into {@link MeshledgerException}s. */
final class Failures {
    private Failures() {
    }

    /** Runs a read; a refusal or an unreachable network becomes the matching exception. */
    static <T> T read(Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            throw translate(e, null);
        }
    }

    /**
     * The exception for a failed call; {@code txId} names the transaction a
     * commit wait was for (null for other calls).
     */
    static MeshledgerException translate(StatusRuntimeException e, Hash txId) {
        String reason = LedgerClient.reasonOf(e);
        if (reason == null && LedgerClient.isTransportFailure(e)) {
            return new NetworkUnavailableException("no node answered: " + LedgerClient.describe(e), e);
        }
        if (CommitTimeoutException.REASON.equals(reason) && txId != null) {
            return new CommitTimeoutException(txId, LedgerClient.describe(e), e);
        }
        String message = e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription();
        String described = LedgerClient.describe(e);
        if (reason != null && described != null && described.startsWith(reason + ": ")) {
            message = described.substring(reason.length() + 2);
        }
        return new RequestRefusedException(reason != null ? reason : e.getStatus().getCode().name(),
                e.getStatus().getCode(), message, e);
    }
}
