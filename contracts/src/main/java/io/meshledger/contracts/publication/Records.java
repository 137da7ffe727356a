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
import io.meshledger.proto.v1.RecordHead;
import io.meshledger.proto.v1.RecordPublished;
import io.meshledger.proto.v1.RecordRef;
import io.meshledger.proto.v1.RecordTombstoned;
import io.meshledger.proto.v1.RecordVersion;
import io.meshledger.proto.v1.TombstoneArgs;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code publish} and {@code tombstone}: each appends a new version of a record
 * and moves the record's head to it. Nothing is ever overwritten or removed;
 * a tombstone is a version too.
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
        Optional<RecordHead> head = head(context.state(), datasetId, recordId);
        RecordVersion.Builder version = newVersion(context, datasetId, recordId, head)
                .setContentHash(args.getContentHash())
                .setPayload(args.getPayload())
                .addAllMetadata(args.getMetadataList());
        if (args.hasValidFromHeight()) {
            version.setValidFromHeight(args.getValidFromHeight());
        }
        if (args.hasValidUntilHeight()) {
            version.setValidUntilHeight(args.getValidUntilHeight());
        }
        RecordVersion written = append(context.state(), version.build());
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
        Optional<RecordHead> head = head(context.state(), datasetId, recordId);
        if (head.isEmpty() || head.get().getTombstoned()) {
            throw Fail.notFound("record '" + recordId + "' of dataset '" + datasetId + "' "
                    + (head.isEmpty() ? "does not exist" : "is already tombstoned"));
        }
        RecordVersion written = append(context.state(), newVersion(context, datasetId, recordId, head)
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

    static Optional<RecordHead> head(StateView state, String datasetId, String recordId) {
        return state.get(PublicationKeys.head(datasetId, recordId))
                .map(bytes -> States.decode(RecordHead.parser(), bytes, "head of " + datasetId + "/" + recordId));
    }

    private static RecordVersion.Builder newVersion(ContractContext context, String datasetId, String recordId,
                                                    Optional<RecordHead> head) {
        long previous = head.map(RecordHead::getLatestVersion).orElse(0L);
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

    private static RecordVersion append(StateView state, RecordVersion version) {
        state.put(PublicationKeys.version(version.getDatasetId(), version.getRecordId(), version.getVersion()),
                version.toByteArray());
        RecordHead head = RecordHead.newBuilder()
                .setLatestVersion(version.getVersion())
                .setTombstoned(version.getTombstone())
                .build();
        state.put(PublicationKeys.head(version.getDatasetId(), version.getRecordId()), head.toByteArray());
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
