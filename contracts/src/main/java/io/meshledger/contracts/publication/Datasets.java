package io.meshledger.contracts.publication;

import io.meshledger.contracts.Caller;
import io.meshledger.contracts.ContractContext;
import io.meshledger.contracts.StateView;
import io.meshledger.contracts.support.Args;
import io.meshledger.contracts.support.Checks;
import io.meshledger.contracts.support.Fail;
import io.meshledger.contracts.support.Identities;
import io.meshledger.contracts.support.States;
import io.meshledger.proto.v1.CreateDatasetArgs;
import io.meshledger.proto.v1.Dataset;
import io.meshledger.proto.v1.DatasetCreated;
import io.meshledger.proto.v1.GetDatasetArgs;
import io.meshledger.proto.v1.Visibility;
import java.nio.charset.StandardCharsets;

/** {@code create_dataset} and {@code get_dataset}, and dataset lookup for the other methods. */
final class Datasets {
    private final JsonSchemas schemas;

    Datasets(JsonSchemas schemas) {
        this.schemas = schemas;
    }

    /**
     * Registers a dataset owned by the caller. Checks, in this order: arguments
     * (id, visibility, text sizes, metadata), the schema, then uniqueness.
     */
    byte[] create(ContractContext context, byte[] rawArgs) {
        CreateDatasetArgs args = Args.decode(CreateDatasetArgs.parser(), rawArgs);
        String id = Checks.datasetId(args.getDatasetId());
        if (args.getVisibility() != Visibility.VISIBILITY_PUBLIC && args.getVisibility() != Visibility.VISIBILITY_RESTRICTED) {
            throw Fail.invalid("visibility must be VISIBILITY_PUBLIC or VISIBILITY_RESTRICTED, got " + args.getVisibilityValue());
        }
        Checks.text("description", args.getDescription(), Checks.MAX_DESCRIPTION);
        Checks.metadata(args.getMetadataList());
        if (!args.getJsonSchema().isEmpty()) {
            schemas.checkSchema(args.getJsonSchema());
        }
        StateView state = context.state();
        byte[] key = PublicationKeys.dataset(id);
        if (state.get(key).isPresent()) {
            throw Fail.exists("dataset '" + id + "' already exists");
        }
        Caller caller = context.caller();
        Dataset dataset = Dataset.newBuilder()
                .setDatasetId(id)
                .setOwner(Identities.of(caller))
                .setVisibility(args.getVisibility())
                .setJsonSchema(args.getJsonSchema())
                .setDescription(args.getDescription())
                .addAllMetadata(args.getMetadataList())
                .setCreatedHeight(context.height())
                .setCreatedTimestampMs(context.timestampMs())
                .setCreatedTxId(context.transactionId())
                .build();
        state.put(key, dataset.toByteArray());
        context.emit("DatasetCreated", id.getBytes(StandardCharsets.UTF_8),
                DatasetCreated.newBuilder().setDataset(dataset).build().toByteArray());
        return dataset.toByteArray();
    }

    /** Anyone may read a dataset's description (not its records): the authorisation contract relies on it. */
    byte[] get(ContractContext context, byte[] rawArgs) {
        GetDatasetArgs args = Args.decode(GetDatasetArgs.parser(), rawArgs);
        return load(context.state(), Checks.datasetId(args.getDatasetId())).toByteArray();
    }

    /** The dataset, or {@code NOT_FOUND}. */
    static Dataset load(StateView state, String datasetId) {
        return state.get(PublicationKeys.dataset(datasetId))
                .map(bytes -> States.decode(Dataset.parser(), bytes, "dataset " + datasetId))
                .orElseThrow(() -> Fail.notFound("dataset '" + datasetId + "' does not exist"));
    }
}
