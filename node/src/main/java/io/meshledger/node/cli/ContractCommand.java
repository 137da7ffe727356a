package io.meshledger.node.cli;

import com.google.protobuf.ByteString;
import io.meshledger.proto.v1.ApproveArgs;
import io.meshledger.proto.v1.ApproveResult;
import io.meshledger.proto.v1.ContractChangeKind;
import io.meshledger.proto.v1.ProposeArgs;
import io.meshledger.proto.v1.ProposeResult;
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
import java.util.HexFormat;
import java.util.concurrent.Callable;

/**
 * {@code meshledger contract ...}: user contracts. Deploying or upgrading is a
 * governance proposal by an organisation admin that takes effect once admins of
 * a majority of member organisations approved it (the proposer's counts).
 */
@Command(name = "contract", mixinStandardHelpOptions = true,
        description = "Deploy user contracts through governance, and invoke them.",
        subcommands = {ContractCommand.Propose.class, ContractCommand.Approve.class, ContractCommand.Invoke.class})
final class ContractCommand {

    /** {@code contract propose}: proposes deploying (or upgrading) a contract JAR. */
    @Command(name = "propose", mixinStandardHelpOptions = true,
            description = "Propose deploying a contract JAR (manifest attribute Meshledger-Contract-Class names the entry class). Org admins only.")
    static final class Propose implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientSession session;

        @Option(names = "--name", required = true, description = "Contract name: [a-z][a-z0-9_-]*.")
        String name;

        @Option(names = "--jar", required = true, description = "The contract bundle.")
        Path jar;

        @Option(names = "--upgrade", description = "Replace the code of a deployed contract instead of deploying a new one.")
        boolean upgrade;

        @Override
        public Integer call() throws IOException {
            ProposeArgs args = ProposeArgs.newBuilder().setContractName(name)
                    .setKind(upgrade ? ContractChangeKind.CONTRACT_CHANGE_KIND_UPGRADE
                            : ContractChangeKind.CONTRACT_CHANGE_KIND_DEPLOY)
                    .setJar(ByteString.copyFrom(Files.readAllBytes(jar))).build();
            Committing.submit(session, spec.commandLine().getOut(), "governance", "propose", args,
                    ProposeResult.parser(), r -> "Proposed " + (upgrade ? "upgrading " : "deploying ") + name
                            + " as proposal " + r.getProposalId() + (r.getEnacted() ? " (enacted)" : " (awaiting approvals)"));
            return 0;
        }
    }

    /** {@code contract approve}: an organisation admin approves a proposal. */
    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a contract proposal. Org admins only.")
    static final class Approve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientSession session;

        @Option(names = "--proposal", required = true, description = "Proposal id.")
        long proposal;

        @Override
        public Integer call() {
            ApproveArgs args = ApproveArgs.newBuilder().setProposalId(proposal).build();
            Committing.submit(session, spec.commandLine().getOut(), "governance", "approve", args,
                    ApproveResult.parser(), r -> "Approved proposal " + proposal + " (" + r.getApprovals()
                            + " organisations" + (r.getEnacted() ? "; enacted" : "") + ")");
            return 0;
        }
    }

    /** {@code contract invoke}: a transaction to a deployed user contract. */
    @Command(name = "invoke", mixinStandardHelpOptions = true, description = "Invoke a deployed contract's method in a transaction.")
    static final class Invoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientSession session;

        @Option(names = "--name", required = true, description = "Contract name.")
        String name;

        @Option(names = "--method", required = true, description = "Method name.")
        String method;

        @ArgGroup
        Arguments arguments;

        static final class Arguments {
            @Option(names = "--args", description = "Arguments as a UTF-8 string.")
            String text;

            @Option(names = "--args-hex", description = "Arguments as hex bytes.")
            String hex;
        }

        @Override
        public Integer call() {
            byte[] args = arguments == null ? new byte[0]
                    : arguments.text != null ? arguments.text.getBytes(StandardCharsets.UTF_8)
                    : HexFormat.of().parseHex(arguments.hex);
            Committing.submitRaw(session, spec.commandLine().getOut(), name, method, args);
            return 0;
        }
    }
}
