package io.meshledger.node.cli;

import com.google.protobuf.ByteString;
import io.meshledger.proto.v1.AttestArgs;
import io.meshledger.proto.v1.Attestation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.HexFormat;
import java.util.concurrent.Callable;

/** {@code meshledger attest}: notarises a SHA-256 hash with a claim. */
@Command(name = "attest", mixinStandardHelpOptions = true,
        description = "Notarise a hash: record on the ledger that you attest it, with a claim and optional evidence.")
final class AttestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientSession session;

    @Option(names = "--hash", required = true, description = "The SHA-256 to attest, 64 hex digits.")
    String hash;

    @Option(names = "--claim", defaultValue = "", description = "What you attest about it.")
    String claim;

    @Option(names = "--evidence", defaultValue = "", description = "Where the evidence is (a URI or reference).")
    String evidence;

    @Override
    public Integer call() {
        byte[] digest;
        try {
            digest = HexFormat.of().parseHex(hash);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--hash must be hex: " + e.getMessage());
        }
        if (digest.length != 32) {
            throw new UsageException("--hash must be 32 bytes (64 hex digits), got " + digest.length);
        }
        AttestArgs args = AttestArgs.newBuilder().setHash(ByteString.copyFrom(digest)).setClaim(claim)
                .setEvidence(evidence).build();
        Committing.submit(session, spec.commandLine().getOut(), "attestation", "attest", args, Attestation.parser(),
                a -> "Attested " + hash + " as " + a.getAttester().getOrg() + "/" + a.getAttester().getName()
                        + (claim.isEmpty() ? "" : " (\"" + claim + "\")"));
        return 0;
    }
}
