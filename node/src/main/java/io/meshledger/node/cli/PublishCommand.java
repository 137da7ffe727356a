package io.meshledger.node.cli;

import com.google.protobuf.ByteString;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.proto.v1.MetadataEntry;
import io.meshledger.proto.v1.PublishArgs;
import io.meshledger.proto.v1.RecordRef;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code meshledger publish}: publishes a record (its SHA-256 and the payload inline). */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish a record: its content hash and inline payload. Publishing an existing record id adds a new version.")
final class PublishCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientSession session;

    @Option(names = "--dataset", required = true, description = "Dataset id.")
    String dataset;

    @Option(names = "--record", required = true, description = "Record id, unique within the dataset.")
    String record;

    @ArgGroup(multiplicity = "1")
    Content content;

    static final class Content {
        @Option(names = "--file", description = "File whose bytes are the payload.")
        Path file;

        @Option(names = "--data", description = "The payload as a string (UTF-8).")
        String data;
    }

    @Option(names = "--valid-from", description = "First block height at which the record may be published.")
    Long validFrom;

    @Option(names = "--valid-until", description = "Last block height at which the record may be published.")
    Long validUntil;

    @Option(names = "--meta", description = "Metadata entry key=value (repeatable).")
    Map<String, String> metadata = new TreeMap<>();

    @Override
    public Integer call() throws IOException {
        byte[] payload = content.file != null ? Files.readAllBytes(content.file)
                : content.data.getBytes(StandardCharsets.UTF_8);
        PublishArgs.Builder args = PublishArgs.newBuilder().setDatasetId(dataset).setRecordId(record)
                .setContentHash(ByteString.copyFrom(Hashing.sha256(payload).unsafeArray()))
                .setPayload(ByteString.copyFrom(payload));
        new TreeMap<>(metadata).forEach((k, v) -> args.addMetadata(MetadataEntry.newBuilder().setKey(k).setValue(v)));
        if (validFrom != null) {
            args.setValidFromHeight(validFrom);
        }
        if (validUntil != null) {
            args.setValidUntilHeight(validUntil);
        }
        Committing.submit(session, spec.commandLine().getOut(), "publication", "publish", args.build(),
                RecordRef.parser(), r -> "Published " + r.getDatasetId() + "/" + r.getRecordId() + " version "
                        + r.getVersion());
        return 0;
    }
}
