package io.meshledger.node.cli;

import io.meshledger.proto.v1.CreateDatasetArgs;
import io.meshledger.proto.v1.Dataset;
import io.meshledger.proto.v1.Visibility;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code meshledger dataset ...}: datasets of the publication contract. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Register datasets.",
        subcommands = DatasetCommand.Create.class)
final class DatasetCommand {

    /** {@code dataset create}: registers a dataset owned by the caller. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Register a dataset owned by you.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientSession session;

        @Option(names = "--id", required = true, description = "Dataset id: letters, digits, '.', '_' or '-'.")
        String id;

        @Option(names = "--visibility", defaultValue = "restricted",
                description = "public (anyone may read) or restricted (owner and read grants only; the default).")
        String visibility;

        @Option(names = "--schema", description = "JSON Schema file every payload must conform to.")
        Path schema;

        @Option(names = "--description", defaultValue = "", description = "What the dataset holds.")
        String description;

        @Override
        public Integer call() throws IOException {
            CreateDatasetArgs.Builder args = CreateDatasetArgs.newBuilder().setDatasetId(id)
                    .setVisibility(visibility(visibility)).setDescription(description);
            if (schema != null) {
                args.setJsonSchema(Files.readString(schema));
            }
            Committing.submit(session, spec.commandLine().getOut(), "publication", "create_dataset", args.build(),
                    Dataset.parser(), d -> "Created " + d.getVisibility().name().replace("VISIBILITY_", "")
                            .toLowerCase(Locale.ROOT) + " dataset " + d.getDatasetId());
            return 0;
        }

        private static Visibility visibility(String v) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "public" -> Visibility.VISIBILITY_PUBLIC;
                case "restricted" -> Visibility.VISIBILITY_RESTRICTED;
                default -> throw new UsageException("--visibility must be public or restricted, not '" + v + "'");
            };
        }
    }
}
