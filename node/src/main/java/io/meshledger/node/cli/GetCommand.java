package io.meshledger.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.meshledger.client.LedgerClient;
import io.meshledger.core.crypto.Hash;
import io.meshledger.proto.v1.GetBlockResponse;
import io.meshledger.proto.v1.GetRecordArgs;
import io.meshledger.proto.v1.GetTransactionResponse;
import io.meshledger.proto.v1.RecordVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code meshledger get ...}: point reads. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Read a record, a transaction or a block.",
        subcommands = {GetCommand.Record.class, GetCommand.Tx.class, GetCommand.BlockAt.class})
final class GetCommand {

    /** {@code get record}: the latest (or a given) version, read as the caller so read grants apply. */
    @Command(name = "record", mixinStandardHelpOptions = true,
            description = "Read a record's latest version (or --version N). Restricted datasets need a read grant.")
    static final class Record implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientSession session;

        @Option(names = "--dataset", required = true, description = "Dataset id.")
        String dataset;

        @Option(names = "--record", required = true, description = "Record id.")
        String record;

        @Option(names = "--version", defaultValue = "0", description = "Version to read; 0 (default) for the latest.")
        long version;

        @Option(names = "--proof", paramLabel = "FILE", description = "Also write a self-contained proof of the "
                + "record (or of its absence) at the latest certified height; check it offline with `proof verify`.")
        java.nio.file.Path proof;

        @Override
        public Integer call() throws InvalidProtocolBufferException {
            if (proof != null) {
                try (LedgerClient client = session.client()) {
                    print(spec, session, ProvenRead.record(client, session, dataset, record, version, proof));
                }
                return 0;
            }
            GetRecordArgs args = GetRecordArgs.newBuilder().setDatasetId(dataset).setRecordId(record)
                    .setVersion(version).build();
            RecordVersion v;
            try (LedgerClient client = session.client()) {
                v = RecordVersion.parseFrom(session.query(client, "publication", "get_record", args.toByteArray()));
            }
            ObjectNode json = MessageJson.of(v);
            var out = spec.commandLine().getOut();
            if (session.json) {
                out.println(json);
            } else {
                out.println(MessageJson.pretty(json));
            }
            return 0;
        }
    }

    /** {@code get tx}: a committed transaction with its location and receipt. */
    @Command(name = "tx", mixinStandardHelpOptions = true, description = "Read a committed transaction and its receipt.")
    static final class Tx implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientSession session;

        @Parameters(index = "0", paramLabel = "TXID", description = "Transaction id (64 hex digits).")
        String txId;

        @Option(names = "--proof", paramLabel = "FILE", description = "Also write a self-contained proof of the "
                + "transaction and its receipt; check it offline with `proof verify`.")
        java.nio.file.Path proof;

        @Override
        public Integer call() {
            Hash id;
            try {
                id = Hash.fromHex(txId);
            } catch (IllegalArgumentException e) {
                throw new UsageException("TXID must be 64 hex digits: " + e.getMessage());
            }
            GetTransactionResponse r;
            try (LedgerClient client = session.client()) {
                var request = io.meshledger.proto.v1.GetTransactionRequest.newBuilder()
                        .setTxId(com.google.protobuf.ByteString.copyFrom(id.unsafeArray())).setWithProof(proof != null);
                session.readAuthorisation(client).ifPresent(request::setAuth);
                r = ProvenRead.retryUntilCertified(() -> client.transaction(request.build()));
            }
            ObjectNode json = MessageJson.of(r.toBuilder().clearProof().build());
            if (proof != null) {
                ProvenRead.write(proof, r.getProof());
                json.put("proof", proof.toString());
            }
            print(spec, session, json);
            return 0;
        }
    }

    /** {@code get block}: a committed block with its certificate. */
    @Command(name = "block", mixinStandardHelpOptions = true, description = "Read a committed block and its certificate.")
    static final class BlockAt implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientSession session;

        @Parameters(index = "0", paramLabel = "HEIGHT", description = "Block height.")
        long height;

        @Override
        public Integer call() {
            GetBlockResponse r;
            try (LedgerClient client = session.client()) {
                r = client.block(height, true);
            }
            print(spec, session, MessageJson.of(r));
            return 0;
        }
    }

    private static void print(CommandSpec spec, ClientSession session, ObjectNode json) {
        spec.commandLine().getOut().println(session.json ? json.toString() : MessageJson.pretty(json));
    }
}
