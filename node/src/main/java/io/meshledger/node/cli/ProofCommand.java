package io.meshledger.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshledger.core.DecodingException;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.genesis.GenesisCodec;
import io.meshledger.core.proof.ProofFormat;
import io.meshledger.core.proof.ProofVerifier;
import io.meshledger.core.proof.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code meshledger proof ...}: offline checks of proof files, for auditors. No node is contacted. */
@Command(name = "proof", mixinStandardHelpOptions = true, description = "Verify or show a proof file offline.",
        subcommands = {ProofCommand.Verify.class, ProofCommand.Show.class})
final class ProofCommand {

    /** {@code proof verify}: VALID and the facts, or INVALID and why (exit 1). */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check a proof against the network's genesis file alone: inclusion paths, the ledger "
                    + "certificate's 2f+1 validator signatures. Prints VALID and the facts proven, or INVALID: <reason> (exit 1).")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--genesis", required = true, paramLabel = "FILE", description = "The network's genesis.json.")
        Path genesis;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Parameters(index = "0", paramLabel = "FILE", description = "The proof file (from `get ... --proof FILE`).")
        Path file;

        @Override
        public Integer call() {
            Genesis g = GenesisCodec.load(genesis);
            Verdict verdict = new ProofVerifier(g).verify(read(file));
            PrintWriter out = spec.commandLine().getOut();
            ProofReport report = new ProofReport(g);
            if (json) {
                out.println(report.json(verdict));
            } else {
                out.print(report.text(verdict));
            }
            out.flush();
            return verdict.isValid() ? 0 : 1;
        }
    }

    /** {@code proof show}: the proof as JSON, for humans (no verification). */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a proof file as JSON (it is not verified: use `proof verify` for that).")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The proof file.")
        Path file;

        @Override
        public Integer call() {
            ObjectNode json;
            try {
                json = MessageJson.of(ProofFormat.decode(read(file)));
            } catch (DecodingException e) {
                throw new UsageException(file + " is not a proof file: " + e.getMessage());
            }
            spec.commandLine().getOut().println(MessageJson.pretty(json));
            return 0;
        }
    }

    static byte[] read(Path file) {
        try {
            if (Files.size(file) > ProofFormat.MAX_BYTES) {
                throw new UsageException(file + " is larger than any proof (" + ProofFormat.MAX_BYTES + " bytes)");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
