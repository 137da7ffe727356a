package io.meshledger.client;

import io.meshledger.proto.v1.Dataset;
import io.meshledger.proto.v1.RecordHistory;
import io.meshledger.proto.v1.RecordRef;
import io.meshledger.proto.v1.RecordVersion;

import java.util.Optional;
import java.util.stream.Stream;

import static io.meshledger.client.ContractArgs.PUBLICATION;

/**
 * The {@code publication} system contract: register datasets, publish and
 * tombstone records, read them back. Writes wait for their commit and throw
 * {@link TransactionFailedException} with the contract's failure code (e.g.
 * {@code PERMISSION_DENIED}, {@code ALREADY_EXISTS}) if they fail; reads are
 * signed read-only calls, refused with {@link RequestRefusedException} (e.g.
 * {@code PERMISSION_DENIED}, {@code NOT_FOUND}). Results are the contract's
 * messages from {@code contracts.proto}. Thread-safe.
 */
public final class PublicationClient {
    private static final int HISTORY_PAGE = 100;

    private final MeshledgerClient client;

    PublicationClient(MeshledgerClient client) {
        this.client = client;
    }

    /** Registers a dataset owned by this identity. */
    public WriteResult<Dataset> createDataset(DatasetSpec spec) {
        return client.write(PUBLICATION, "create_dataset", ContractArgs.createDataset(spec), Dataset.parser());
    }

    /** Publishes a record version; the result names the version written. */
    public WriteResult<RecordRef> publish(RecordDraft draft) {
        return client.write(PUBLICATION, "publish", ContractArgs.publish(draft), RecordRef.parser());
    }

    /** Marks a record deleted by publishing a tombstone version. */
    public WriteResult<RecordRef> tombstone(String dataset, String record, String reason) {
        return client.write(PUBLICATION, "tombstone", ContractArgs.tombstone(dataset, record, reason),
                RecordRef.parser());
    }

    /** A dataset's registration. */
    public Dataset dataset(String dataset) {
        return client.call(PUBLICATION, "get_dataset", ContractArgs.getDataset(dataset), Dataset.parser());
    }

    /** A record's latest version. */
    public RecordVersion record(String dataset, String record) {
        return record(dataset, record, 0);
    }

    /** A given version of a record (0: the latest). */
    public RecordVersion record(String dataset, String record, long version) {
        return client.call(PUBLICATION, "get_record", ContractArgs.getRecord(dataset, record, version),
                RecordVersion.parser());
    }

    /** Every version of a record, oldest first, fetched page by page as the stream is consumed. */
    public Stream<RecordVersion> history(String dataset, String record) {
        return Pages.stream(0L, after -> {
            RecordHistory h = client.call(PUBLICATION, "history",
                    ContractArgs.history(dataset, record, after, HISTORY_PAGE), RecordHistory.parser());
            long next = h.getNextStartAfterVersion();
            return new Pages.Page<>(h.getVersionsList(),
                    next == 0 || h.getVersionsCount() == 0 ? Optional.empty() : Optional.of(next));
        });
    }
}
