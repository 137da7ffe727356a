package io.meshledger.contracts.publication;

import io.meshledger.contracts.ContractContext;
import io.meshledger.contracts.ContractException;
import io.meshledger.contracts.FailureCodes;
import io.meshledger.contracts.StateView;
import io.meshledger.contracts.support.Args;
import io.meshledger.contracts.support.Checks;
import io.meshledger.contracts.support.Fail;
import io.meshledger.contracts.support.Identities;
import io.meshledger.contracts.support.States;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.proto.v1.Dataset;
import io.meshledger.proto.v1.PublishArgs;
import io.meshledger.proto.v1.RecordPublished;
import io.meshledger.proto.v1.RecordRef;
import io.meshledger.proto.v1.RecordTombstoned;
import io.meshledger.proto.v1.RecordVersion;
import io.meshledger.proto.v1.TombstoneArgs;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code publish} and {@code tombstone}: each makes a new version the record's
 * latest and moves the version it supersedes, unchanged, into the record's
 * history. Nothing is ever lost; a tombstone is a version too.
 * <p>
 * The latest version lives at the record's {@code latest} key itself, so a new
 * record is one state write (one leaf of the state tree), reading the latest
 * version is one read, and its proof is one entry; only a record's superseded
 * versions live at {@code v/<version>} keys.
 */
final class Records {
    private final PublicationLimits limits;
    private final JsonSchemas schemas;

    Records(PublicationLimits limits, JsonSchemas schemas) {
        this.limits = limits;
        this.schemas = schemas;
    }

    /**
     * Checks, in this order, so the reported failure is the same on every node:
     * argument shape (ids, hash, metadata, window), payload size, payload hash,
     * validity window against the block height, the dataset's existence, the
     * caller's WRITE right, then the payload against the dataset's schema.
     */
    byte[] publish(ContractContext context, byte[] rawArgs) {
        PublishArgs args = Args.decode(PublishArgs.parser(), rawArgs);
        String datasetId = Checks.datasetId(args.getDatasetId());
        String recordId = Checks.recordId(args.getRecordId());
        byte[] contentHash = Checks.hash("content_hash", args.getContentHash().toByteArray());
        Checks.metadata(args.getMetadataList());
        checkWindowShape(args);
        byte[] payload = args.getPayload().toByteArray();
        if (payload.length > limits.maxInlinePayloadBytes()) {
            throw new ContractException(FailureCodes.PAYLOAD_TOO_LARGE,
                    "inline payload is " + payload.length + " bytes, limit " + limits.maxInlinePayloadBytes());
        }
        if (payload.length > 0 && !Arrays.equals(Hashing.sha256(payload).toArray(), contentHash)) {
            throw Fail.invalid("content_hash is not the SHA-256 of the payload");
        }
        checkWindow(args, context.height());
        Dataset dataset = Datasets.load(context.state(), datasetId);
        Access.requireWrite(context, dataset);
        if (!dataset.getJsonSchema().isEmpty()) {
            if (payload.length == 0) {
                throw new ContractException(FailureCodes.SCHEMA_VIOLATION,
                        "dataset '" + datasetId + "' has a schema, so the payload must be given inline");
            }
            schemas.validate(dataset.getJsonSchema(), payload);
        }
        Optional<Latest> latest = latest(context.state(), datasetId, recordId);
        RecordVersion.Builder version = newVersion(context, datasetId, recordId, latest)
                .setContentHash(args.getContentHash())
                .setPayload(args.getPayload())
                .addAllMetadata(args.getMetadataList());
        if (args.hasValidFromHeight()) {
            version.setValidFromHeight(args.getValidFromHeight());
        }
        if (args.hasValidUntilHeight()) {
            version.setValidUntilHeight(args.getValidUntilHeight());
        }
        RecordVersion written = append(context.state(), latest, version.build());
        RecordPublished event = RecordPublished.newBuilder()
                .setDatasetId(datasetId)
                .setRecordId(recordId)
                .setVersion(written.getVersion())
                .setSupersedesVersion(written.getSupersedesVersion())
                .setContentHash(written.getContentHash())
                .setPublisher(written.getPublisher())
                .setPayloadSize(payload.length)
                .build();
        context.emit("RecordPublished", eventKey(datasetId, recordId), event.toByteArray());
        return ref(written);
    }

    /** Marks the record deleted as a new version. A record that is absent or already tombstoned is {@code NOT_FOUND}. */
    byte[] tombstone(ContractContext context, byte[] rawArgs) {
        TombstoneArgs args = Args.decode(TombstoneArgs.parser(), rawArgs);
        String datasetId = Checks.datasetId(args.getDatasetId());
        String recordId = Checks.recordId(args.getRecordId());
        Checks.text("reason", args.getReason(), Checks.MAX_DESCRIPTION);
        Dataset dataset = Datasets.load(context.state(), datasetId);
        Access.requireWrite(context, dataset);
        Optional<Latest> latest = latest(context.state(), datasetId, recordId);
        if (latest.isEmpty() || latest.get().version().getTombstone()) {
            throw Fail.notFound("record '" + recordId + "' of dataset '" + datasetId + "' "
                    + (latest.isEmpty() ? "does not exist" : "is already tombstoned"));
        }
        RecordVersion written = append(context.state(), latest, newVersion(context, datasetId, recordId, latest)
                .setTombstone(true)
                .setTombstoneReason(args.getReason())
                .build());
        RecordTombstoned event = RecordTombstoned.newBuilder()
                .setDatasetId(datasetId)
                .setRecordId(recordId)
                .setVersion(written.getVersion())
                .setSupersedesVersion(written.getSupersedesVersion())
                .setPublisher(written.getPublisher())
                .setReason(args.getReason())
                .build();
        context.emit("RecordTombstoned", eventKey(datasetId, recordId), event.toByteArray());
        return ref(written);
    }

    /** A record's latest version, decoded, and the bytes it is stored as. */
    record Latest(RecordVersion version, byte[] stored) {
    }

    static Optional<Latest> latest(StateView state, String datasetId, String recordId) {
        return state.get(PublicationKeys.latest(datasetId, recordId))
                .map(bytes -> new Latest(States.decode(RecordVersion.parser(), bytes,
                        "latest version of " + datasetId + "/" + recordId), bytes));
    }

    private static RecordVersion.Builder newVersion(ContractContext context, String datasetId, String recordId,
                                                    Optional<Latest> latest) {
        long previous = latest.map(l -> l.version().getVersion()).orElse(0L);
        return RecordVersion.newBuilder()
                .setDatasetId(datasetId)
                .setRecordId(recordId)
                .setVersion(previous + 1)
                .setSupersedesVersion(previous)
                .setPublisher(Identities.of(context.caller()))
                .setHeight(context.height())
                .setTimestampMs(context.timestampMs())
                .setTxId(context.transactionId());
    }

    /** Moves the superseded latest version (its stored bytes, untouched) into the history, then writes the new one. */
    private static RecordVersion append(StateView state, Optional<Latest> superseded, RecordVersion version) {
        superseded.ifPresent(old -> state.put(PublicationKeys.version(version.getDatasetId(), version.getRecordId(),
                old.version().getVersion()), old.stored()));
        state.put(PublicationKeys.latest(version.getDatasetId(), version.getRecordId()), version.toByteArray());
        return version;
    }

    private static void checkWindowShape(PublishArgs args) {
        if (args.hasValidFromHeight() && args.hasValidUntilHeight()
                && Long.compareUnsigned(args.getValidFromHeight(), args.getValidUntilHeight()) > 0) {
            throw Fail.invalid("valid_from_height " + Long.toUnsignedString(args.getValidFromHeight())
                    + " is after valid_until_height " + Long.toUnsignedString(args.getValidUntilHeight()));
        }
    }

    /** The window is inclusive at both ends; an absent end is unbounded. */
    private static void checkWindow(PublishArgs args, long height) {
        boolean early = args.hasValidFromHeight() && Long.compareUnsigned(height, args.getValidFromHeight()) < 0;
        boolean late = args.hasValidUntilHeight() && Long.compareUnsigned(height, args.getValidUntilHeight()) > 0;
        if (early || late) {
            throw new ContractException(FailureCodes.OUTSIDE_VALIDITY_WINDOW, "block height " + height
                    + " is outside the validity window ["
                    + (args.hasValidFromHeight() ? Long.toUnsignedString(args.getValidFromHeight()) : "-") + ", "
                    + (args.hasValidUntilHeight() ? Long.toUnsignedString(args.getValidUntilHeight()) : "-") + "]");
        }
    }

    private static byte[] ref(RecordVersion version) {
        return RecordRef.newBuilder()
                .setDatasetId(version.getDatasetId())
                .setRecordId(version.getRecordId())
                .setVersion(version.getVersion())
                .build()
                .toByteArray();
    }

    static byte[] eventKey(String datasetId, String recordId) {
        return (datasetId + "/" + recordId).getBytes(StandardCharsets.UTF_8);
    }
}
