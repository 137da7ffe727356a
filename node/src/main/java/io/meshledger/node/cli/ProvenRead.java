package io.meshledger.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.StatusRuntimeException;
import io.meshledger.client.LedgerClient;
import io.meshledger.contracts.publication.PublicationKeys;
import io.meshledger.proto.v1.GetStateRequest;
import io.meshledger.proto.v1.GetStateResponse;
import io.meshledger.proto.v1.LedgerProof;
import io.meshledger.proto.v1.RecordVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Reads that come with a proof file: a record (its latest version, an older one, or absence) or a transaction. */
final class ProvenRead {
    /** Certificates trail commits by a block or two; a fresh commit is worth waiting this long for. */
    private static final long CERTIFICATE_WAIT_MS = 20_000;

    private ProvenRead() {
    }

    /**
     * Proves a record's latest version, and {@code version} if that is an older
     * one, in one proof at one certified height; or the record's absence.
     */
    static ObjectNode record(LedgerClient client, ClientSession session, String dataset, String record, long version,
                             Path file) throws InvalidProtocolBufferException {
        var auth = session.readAuthorisation(client);
        GetStateRequest.Builder latest = GetStateRequest.newBuilder().setContract("publication")
                .setKey(ByteString.copyFrom(PublicationKeys.latest(dataset, record))).setWithProof(true);
        auth.ifPresent(latest::setAuth);
        GetStateResponse latestRead = retryUntilCertified(() -> client.state(latest.build()));
        ObjectNode out = MessageJson.mapper().createObjectNode();
        out.put("dataset", dataset).put("record", record).put("found", latestRead.getFound())
                .put("proven_at_height", latestRead.getHeight());
        if (!latestRead.getFound()) {
            write(file, latestRead.getProof());
            out.put("proof", file.toString());
            return out;
        }
        RecordVersion newest = RecordVersion.parseFrom(latestRead.getValue());
        if (version == 0 || version == newest.getVersion()) {
            write(file, latestRead.getProof());
            out.set("version", MessageJson.of(newest));
            out.put("proof", file.toString());
            return out;
        }
        GetStateRequest.Builder at = latest.clone()
                .setKey(ByteString.copyFrom(PublicationKeys.version(dataset, record, version)))
                .setHeight(latestRead.getHeight());
        GetStateResponse versionRead = client.state(at.build());
        if (versionRead.getHeight() != latestRead.getHeight()
                || !versionRead.getProof().getCertificate().equals(latestRead.getProof().getCertificate())) {
            throw new IllegalStateException("the node answered the record's latest and older version at different "
                    + "certified heights (" + latestRead.getHeight() + ", " + versionRead.getHeight() + "); retry");
        }
        if (!versionRead.getFound()) {
            throw new UsageException("record '" + record + "' of dataset '" + dataset + "' has no version " + version);
        }
        LedgerProof both = latestRead.getProof().toBuilder()
                .setState(latestRead.getProof().getState().toBuilder()
                        .addAllEntries(versionRead.getProof().getState().getEntriesList()))
                .build();
        write(file, both);
        out.set("version", MessageJson.of(RecordVersion.parseFrom(versionRead.getValue())));
        out.put("proof", file.toString());
        return out;
    }

    /** Retries a read the node cannot prove yet (reason NOT_CERTIFIED) for a short while. */
    static <T> T retryUntilCertified(Supplier<T> read) {
        long deadline = System.nanoTime() + CERTIFICATE_WAIT_MS * 1_000_000;
        while (true) {
            try {
                return read.get();
            } catch (StatusRuntimeException e) {
                if (!"NOT_CERTIFIED".equals(LedgerClient.reasonOf(e)) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a ledger certificate", e);
            }
        }
    }

    static void write(Path file, LedgerProof proof) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, proof.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the proof to " + file + ": " + e.getMessage(), e);
        }
    }
}
