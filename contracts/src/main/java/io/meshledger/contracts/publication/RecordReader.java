package io.meshledger.contracts.publication;

import io.meshledger.contracts.ContractContext;
import io.meshledger.contracts.StateEntry;
import io.meshledger.contracts.support.Args;
import io.meshledger.contracts.support.Checks;
import io.meshledger.contracts.support.Fail;
import io.meshledger.contracts.support.Paging;
import io.meshledger.contracts.support.States;
import io.meshledger.proto.v1.CheckResult;
import io.meshledger.proto.v1.Dataset;
import io.meshledger.proto.v1.GetDatasetArgs;
import io.meshledger.proto.v1.GetRecordArgs;
import io.meshledger.proto.v1.HistoryArgs;
import io.meshledger.proto.v1.RecordHistory;
import io.meshledger.proto.v1.RecordVersion;

/**
 * {@code get_record} and {@code history}. Records of a restricted dataset are
 * returned only to its owner and READ grantees, the same rule the query API applies.
 */
final class RecordReader {
    private RecordReader() {
    }

    /**
     * {@code may_read}: whether the caller may read a dataset's records, so the
     * query API and streams apply the same rule as {@code get_record}. A dataset
     * that does not exist has nothing to hide: allowed.
     */
    static byte[] mayRead(ContractContext context, byte[] rawArgs) {
        GetDatasetArgs args = Args.decode(GetDatasetArgs.parser(), rawArgs);
        String datasetId = Checks.datasetId(args.getDatasetId());
        boolean allowed = context.state().get(PublicationKeys.dataset(datasetId))
                .map(bytes -> States.decode(Dataset.parser(), bytes, "dataset " + datasetId))
                .map(dataset -> Access.mayRead(context, dataset))
                .orElse(true);
        return CheckResult.newBuilder().setAllowed(allowed).build().toByteArray();
    }

    /** Version 0 (the default) reads the latest version, which may be a tombstone. */
    static byte[] get(ContractContext context, byte[] rawArgs) {
        GetRecordArgs args = Args.decode(GetRecordArgs.parser(), rawArgs);
        String datasetId = Checks.datasetId(args.getDatasetId());
        String recordId = Checks.recordId(args.getRecordId());
        Dataset dataset = Datasets.load(context.state(), datasetId);
        Access.requireRead(context, dataset);
        Records.Latest latest = Records.latest(context.state(), datasetId, recordId)
                .orElseThrow(() -> Fail.notFound("record '" + recordId + "' of dataset '" + datasetId
                        + "' does not exist"));
        long version = args.getVersion();
        if (version == 0 || version == latest.version().getVersion()) {
            return latest.stored();
        }
        return context.state().get(PublicationKeys.version(datasetId, recordId, version))
                .orElseThrow(() -> Fail.notFound("record '" + recordId + "' of dataset '" + datasetId
                        + "' has no version " + Long.toUnsignedString(version)));
    }

    /**
     * A page of versions, oldest first: the superseded versions, then the
     * latest. An unknown record is {@code NOT_FOUND} rather than an empty page.
     */
    static byte[] history(ContractContext context, byte[] rawArgs) {
        HistoryArgs args = Args.decode(HistoryArgs.parser(), rawArgs);
        String datasetId = Checks.datasetId(args.getDatasetId());
        String recordId = Checks.recordId(args.getRecordId());
        Dataset dataset = Datasets.load(context.state(), datasetId);
        Access.requireRead(context, dataset);
        Records.Latest latest = Records.latest(context.state(), datasetId, recordId)
                .orElseThrow(() -> Fail.notFound("record '" + recordId + "' of dataset '" + datasetId
                        + "' does not exist"));
        int limit = Paging.limit(args.getLimit());
        long startAfter = args.getStartAfterVersion();
        RecordHistory.Builder result = RecordHistory.newBuilder();
        if (Long.compareUnsigned(startAfter, latest.version().getVersion()) < 0) {
            byte[] after = startAfter == 0 ? null : PublicationKeys.version(datasetId, recordId, startAfter);
            for (StateEntry entry : context.state().scan(PublicationKeys.versionPrefix(datasetId, recordId), after,
                    limit)) {
                result.addVersions(States.decode(RecordVersion.parser(), entry.value(),
                        "version of " + datasetId + "/" + recordId));
            }
            if (result.getVersionsCount() < limit) {
                result.addVersions(latest.version());
            }
        }
        if (result.getVersionsCount() == limit) {
            result.setNextStartAfterVersion(result.getVersions(limit - 1).getVersion());
        }
        return result.build().toByteArray();
    }
}
