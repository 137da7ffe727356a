package io.meshledger.node.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshledger.client.LedgerClient;
import io.meshledger.proto.v1.HistoryArgs;
import io.meshledger.proto.v1.RecordHistory;
import io.meshledger.proto.v1.RecordVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.HexFormat;
import java.util.concurrent.Callable;

/** {@code meshledger history}: every version of a record, oldest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "List every version of a record, oldest first. Restricted datasets need a read grant.")
final class HistoryCommand implements Callable<Integer> {
    private static final int PAGE = 100;
    private static final int MAX_PAGES = 10_000;

    @Spec
    CommandSpec spec;

    @Mixin
    ClientSession session;

    @Option(names = "--dataset", required = true, description = "Dataset id.")
    String dataset;

    @Option(names = "--record", required = true, description = "Record id.")
    String record;

    @Override
    public Integer call() throws InvalidProtocolBufferException {
        var out = spec.commandLine().getOut();
        int count = 0;
        try (LedgerClient client = session.client()) {
            long after = 0;
            for (int page = 0; page < MAX_PAGES; page++) {
                HistoryArgs args = HistoryArgs.newBuilder().setDatasetId(dataset).setRecordId(record)
                        .setStartAfterVersion(after).setLimit(PAGE).build();
                RecordHistory h = RecordHistory.parseFrom(session.query(client, "publication", "history",
                        args.toByteArray()));
                for (RecordVersion v : h.getVersionsList()) {
                    if (session.json) {
                        out.println(MessageJson.of(v));
                    } else {
                        out.printf("v%-4d height %-8d %s  sha256 %s  by %s/%s%s%n", v.getVersion(), v.getHeight(),
                                v.getTxId(), HexFormat.of().formatHex(v.getContentHash().toByteArray()),
                                v.getPublisher().getOrg(), v.getPublisher().getName(),
                                v.getTombstone() ? "  TOMBSTONE " + v.getTombstoneReason() : "");
                    }
                    count++;
                }
                if (h.getNextStartAfterVersion() == 0 || h.getVersionsCount() == 0) {
                    break;
                }
                after = h.getNextStartAfterVersion();
            }
        }
        if (count == 0 && !session.json) {
            out.println("No versions of " + dataset + "/" + record + ".");
        }
        return 0;
    }
}
