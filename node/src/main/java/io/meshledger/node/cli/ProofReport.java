package io.meshledger.node.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.meshledger.core.Bytes;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.proof.Certified;
import io.meshledger.core.proof.ProvenEntry;
import io.meshledger.core.proof.ProvenFacts;
import io.meshledger.core.proof.Verdict;
import io.meshledger.core.receipt.Event;
import io.meshledger.proto.v1.Dataset;
import io.meshledger.proto.v1.RecordVersion;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Says what a verified proof establishes, in words and as JSON. Values of the
 * publication contract are decoded (datasets and record versions);
 * other values are shown as text or hex.
 */
final class ProofReport {
    private final Genesis genesis;

    ProofReport(Genesis genesis) {
        this.genesis = genesis;
    }

    String text(Verdict verdict) {
        if (verdict instanceof Verdict.Invalid bad) {
            return "INVALID: " + bad.reason() + System.lineSeparator();
        }
        ProvenFacts facts = ((Verdict.Valid) verdict).facts();
        StringBuilder out = new StringBuilder("VALID").append(System.lineSeparator());
        Certified c = facts.certified();
        line(out, "network", c.chainId() + " (checked against its genesis: " + genesis.validators().size()
                + " validators, quorum " + genesis.validators().quorumSize() + ")");
        line(out, "certified", "height " + c.height() + ", epoch " + c.epoch() + ", " + Instant.ofEpochMilli(c.timestampMs())
                + ", signed by " + String.join(", ", c.signers()));
        line(out, "block", c.blockHash().toHex());
        line(out, "state root", c.stateRoot().toHex());
        switch (facts) {
            case ProvenFacts.State s -> {
                for (ProvenEntry e : s.entries()) {
                    line(out, "entry", e.contract() + " " + key(e.key()) + ": " + (e.present()
                            ? sentence(e).orElseGet(() -> describe(e).map(j -> j.toString())
                            .orElse(value(e.value().orElseThrow())))
                            : "ABSENT (proven not to exist at this height)"));
                }
            }
            case ProvenFacts.Transaction t -> {
                line(out, "transaction", t.txId().toHex());
                line(out, "position", "block " + t.height() + ", index " + t.index() + ", ledger position " + t.globalIndex());
                line(out, "signed by", t.sender());
                line(out, "call", t.transaction().decoded().contract() + "." + t.transaction().decoded().method());
                line(out, "outcome", t.receipt().succeeded() ? "SUCCESS"
                        : "FAILED " + t.receipt().failureCode() + ": " + t.receipt().failureMessage());
                for (Event e : t.receipt().events()) {
                    line(out, "event", e.contract() + "." + e.type() + " " + key(e.key()));
                }
            }
        }
        return out.toString();
    }

    ObjectNode json(Verdict verdict) {
        ObjectNode out = MessageJson.mapper().createObjectNode();
        if (verdict instanceof Verdict.Invalid bad) {
            return out.put("verdict", "INVALID").put("reason", bad.reason());
        }
        ProvenFacts facts = ((Verdict.Valid) verdict).facts();
        Certified c = facts.certified();
        out.put("verdict", "VALID");
        ObjectNode cert = out.putObject("certified");
        cert.put("chain_id", c.chainId()).put("epoch", c.epoch()).put("height", c.height())
                .put("timestamp_ms", c.timestampMs()).put("block_hash", c.blockHash().toHex())
                .put("state_root", c.stateRoot().toHex()).put("tx_accumulator_root", c.txAccumulatorRoot().toHex())
                .put("tx_count", c.txCount());
        ArrayNode signers = cert.putArray("signers");
        c.signers().forEach(signers::add);
        switch (facts) {
            case ProvenFacts.State s -> {
                ArrayNode entries = out.putArray("entries");
                for (ProvenEntry e : s.entries()) {
                    ObjectNode o = entries.addObject().put("contract", e.contract()).put("key", key(e.key()))
                            .put("present", e.present());
                    e.value().ifPresent(v -> o.put("value_hex", v.toHex()));
                    describe(e).ifPresent(d -> o.set("decoded", d));
                }
            }
            case ProvenFacts.Transaction t -> {
                ObjectNode tx = out.putObject("transaction");
                tx.put("tx_id", t.txId().toHex()).put("height", t.height()).put("index", t.index())
                        .put("global_index", t.globalIndex()).put("timestamp_ms", t.timestampMs())
                        .put("sender", t.sender()).put("sender_is_member", t.senderMember())
                        .put("contract", t.transaction().decoded().contract())
                        .put("method", t.transaction().decoded().method());
                tx.set("receipt", MessageJson.of(t.receipt().toProto()));
            }
        }
        return out;
    }

    /** A record version in words, the fact an auditor is after. */
    private static Optional<String> sentence(ProvenEntry e) {
        return describe(e).filter(j -> j.has("record_id") && j.has("content_hash")).map(j ->
                "record " + j.path("dataset_id").asText() + "/" + j.path("record_id").asText() + " version "
                        + j.path("version").asText() + (j.path("tombstone").asBoolean() ? " (tombstone)" : "")
                        + ", content SHA-256 " + j.path("content_hash").asText() + ", published by "
                        + j.path("publisher").path("org").asText() + "/" + j.path("publisher").path("name").asText()
                        + " at height " + j.path("height").asText() + " in transaction " + j.path("tx_id").asText());
    }

    /** Publication values decoded by their key's shape. */
    private static Optional<ObjectNode> describe(ProvenEntry e) {
        if (!e.contract().equals("publication") || e.value().isEmpty()) {
            return Optional.empty();
        }
        String k = new String(e.key().unsafeArray(), StandardCharsets.ISO_8859_1);
        byte[] v = e.value().get().unsafeArray();
        try {
            Message m;
            if (k.startsWith("ds/")) {
                m = Dataset.parseFrom(v);
            } else if (k.startsWith("rec/") && (k.endsWith("/latest") || k.contains("/v/"))) {
                m = RecordVersion.parseFrom(v);
            } else {
                return Optional.empty();
            }
            return Optional.of(MessageJson.of(m));
        } catch (InvalidProtocolBufferException ex) {
            return Optional.empty();
        }
    }

    /** Keys as text, with a trailing 8-byte number (record versions) shown as a number. */
    private static String key(Bytes key) {
        byte[] k = key.unsafeArray();
        int textEnd = k.length;
        String suffix = "";
        if (k.length > 9 && k[k.length - 9] == '/' && !printable(k, k.length - 8, k.length)) {
            textEnd = k.length - 8;
            suffix = Long.toUnsignedString(java.nio.ByteBuffer.wrap(k, k.length - 8, 8).getLong());
        }
        return printable(k, 0, textEnd) ? new String(k, 0, textEnd, StandardCharsets.US_ASCII) + suffix
                : "0x" + key.toHex();
    }

    private static String value(Bytes value) {
        byte[] v = value.unsafeArray();
        return printable(v, 0, v.length) ? new String(v, StandardCharsets.US_ASCII) : "0x" + value.toHex();
    }

    private static boolean printable(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0x20 || b[i] > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("  %-12s %s%n", label, value));
    }
}
