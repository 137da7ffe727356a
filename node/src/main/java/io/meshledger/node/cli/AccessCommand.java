package io.meshledger.node.cli;

import io.meshledger.proto.v1.Grant;
import io.meshledger.proto.v1.GrantArgs;
import io.meshledger.proto.v1.Grantee;
import io.meshledger.proto.v1.Right;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code meshledger grant} and {@code meshledger revoke}: rights on a dataset, through the authorisation contract. */
abstract class AccessCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientSession session;

    @Option(names = "--dataset", required = true, description = "Dataset id.")
    String dataset;

    @ArgGroup(multiplicity = "1")
    Subject subject;

    static final class Subject {
        @Option(names = "--to", description = "Identity <org>/<user>.")
        String identity;

        @Option(names = "--to-org", description = "Every identity of an organisation.")
        String organisation;
    }

    @Option(names = "--right", required = true, description = "read, write or admin.")
    String right;

    abstract String method();

    abstract String verb();

    @Override
    public Integer call() {
        Grantee.Builder grantee = Grantee.newBuilder();
        if (subject.identity != null) {
            if (!subject.identity.matches("[^/]+/[^/]+")) {
                throw new UsageException("--to must name an identity as <org>/<user>, got '" + subject.identity + "'");
            }
            grantee.setIdentity(subject.identity);
        } else {
            grantee.setOrganisation(subject.organisation);
        }
        GrantArgs args = GrantArgs.newBuilder().setDatasetId(dataset).setGrantee(grantee).setRight(right(right)).build();
        Committing.submit(session, spec.commandLine().getOut(), "authorisation", method(), args, Grant.parser(),
                g -> verb() + " " + right.toLowerCase(Locale.ROOT) + " on " + g.getDatasetId() + " "
                        + (verb().equals("Granted") ? "to " : "from ") + (g.getGrantee().hasIdentity()
                        ? g.getGrantee().getIdentity() : "organisation " + g.getGrantee().getOrganisation()));
        return 0;
    }

    private static Right right(String r) {
        return switch (r.toLowerCase(Locale.ROOT)) {
            case "read" -> Right.RIGHT_READ;
            case "write" -> Right.RIGHT_WRITE;
            case "admin" -> Right.RIGHT_ADMIN;
            default -> throw new UsageException("--right must be read, write or admin, not '" + r + "'");
        };
    }

    @Command(name = "grant", mixinStandardHelpOptions = true,
            description = "Grant a right on a dataset you own (or administer) to an identity or organisation.")
    static final class GrantCommand extends AccessCommand {
        @Override
        String method() {
            return "grant";
        }

        @Override
        String verb() {
            return "Granted";
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a right granted earlier.")
    static final class RevokeCommand extends AccessCommand {
        @Override
        String method() {
            return "revoke";
        }

        @Override
        String verb() {
            return "Revoked";
        }
    }
}
