package io.meshledger.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshledger.client.BlockingSubscription;
import io.meshledger.client.ReadAuthoriser;
import io.meshledger.client.ResumableSubscription;
import io.meshledger.client.StreamOptions;
import io.meshledger.client.TransactionFactory;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.proto.v1.BlockEnvelope;
import io.meshledger.proto.v1.EventCursor;
import io.meshledger.proto.v1.EventEnvelope;
import io.meshledger.proto.v1.SubscribeEventsRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;

/**
 * {@code meshledger subscribe}: streams events (or blocks with {@code --blocks})
 * until interrupted, one line each. When its node goes away it resumes on the
 * next one after the last item printed, so the output has no gaps and no repeats.
 */
@Command(name = "subscribe", mixinStandardHelpOptions = true,
        description = "Stream committed events (or blocks) as they commit; resumes on another node without gaps.")
final class SubscribeCommand implements Callable<Integer> {
    /** A read authorisation is valid this many blocks past the tip; a new one is signed at each reconnection. */
    private static final long AUTH_VALIDITY_BLOCKS = 100;

    @Spec
    CommandSpec spec;

    @Mixin
    ClientSession session;

    @Option(names = "--from", defaultValue = "0", description = "First height to stream (events: the first event of that block).")
    long from;

    @Option(names = "--after", description = "Resume strictly after this event cursor, HEIGHT:TX:EVENT (as printed).")
    String after;

    @Option(names = "--contract", defaultValue = "", description = "Only events of this contract.")
    String contract;

    @Option(names = "--type", defaultValue = "", description = "Only events of this type, e.g. RecordPublished.")
    String type;

    @Option(names = "--dataset", defaultValue = "", description = "Only publication and authorisation events about this dataset.")
    String dataset;

    @Option(names = "--key-prefix", defaultValue = "", description = "Only events whose key starts with this text.")
    String keyPrefix;

    @Option(names = "--blocks", description = "Stream blocks instead of events.")
    boolean blocks;

    @Option(names = "--limit", defaultValue = "0", description = "Stop after this many items (0: never).")
    long limit;

    @Override
    public Integer call() {
        if (from < 0 || limit < 0) {
            throw new UsageException("--from and --limit cannot be negative");
        }
        StreamOptions options = StreamOptions.of(session.endpoints());
        if (session.as != null) {
            TransactionFactory factory = new TransactionFactory(new LocalNetwork(session.network).genesis().chainId(),
                    session.identity(), new SecureRandom());
            options = options.withAuthoriser(ReadAuthoriser.signing(factory, AUTH_VALIDITY_BLOCKS));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (blocks) {
            if (after != null || !contract.isEmpty() || !type.isEmpty() || !dataset.isEmpty() || !keyPrefix.isEmpty()) {
                throw new UsageException("--blocks streams whole blocks: event filters and --after do not apply");
            }
            stream(ResumableSubscription.blocks(options, from), b -> printBlock(out, b), out);
        } else {
            stream(ResumableSubscription.events(options, eventRequest()), e -> printEvent(out, e), out);
        }
        return 0;
    }

    private SubscribeEventsRequest eventRequest() {
        SubscribeEventsRequest.Builder r = SubscribeEventsRequest.newBuilder().setContract(contract).setType(type)
                .setDataset(dataset).setKeyPrefix(com.google.protobuf.ByteString.copyFromUtf8(keyPrefix));
        if (after != null && from > 0) {
            throw new UsageException("give --from or --after, not both");
        }
        if (after != null) {
            r.setFrom(parseCursor(after));
        } else if (from > 1) {
            // Strictly after every event of block from-1: tx and event indexes are unsigned, so -1 is their maximum.
            r.setFrom(EventCursor.newBuilder().setHeight(from - 1).setTxIndex(-1).setEventIndex(-1));
        }
        return r.build();
    }

    private static EventCursor parseCursor(String text) {
        String[] parts = text.split(":");
        try {
            if (parts.length != 3) {
                throw new NumberFormatException("three numbers expected");
            }
            return EventCursor.newBuilder().setHeight(Long.parseLong(parts[0]))
                    .setTxIndex(Integer.parseUnsignedInt(parts[1])).setEventIndex(Integer.parseUnsignedInt(parts[2]))
                    .build();
        } catch (NumberFormatException e) {
            throw new UsageException("--after must be HEIGHT:TX:EVENT, got '" + text + "'");
        }
    }

    private <T> void stream(ResumableSubscription<T> subscription, java.util.function.Consumer<T> print,
                            PrintWriter out) {
        try (BlockingSubscription<T> items = subscription.iterator()) {
            for (long n = 0; (limit == 0 || n < limit) && items.hasNext(); n++) {
                print.accept(items.next());
                out.flush();
            }
        }
    }

    private void printEvent(PrintWriter out, EventEnvelope e) {
        EventCursor c = e.getCursor();
        String cursor = c.getHeight() + ":" + Integer.toUnsignedString(c.getTxIndex()) + ":"
                + Integer.toUnsignedString(c.getEventIndex());
        String key = text(e.getEvent().getKey().toByteArray());
        if (session.json) {
            ObjectNode json = MessageJson.of(e);
            json.put("at", cursor);
            if (key != null) {
                json.put("key_text", key);
            }
            out.println(json);
        } else {
            out.printf("%-14s %s.%s %s  tx %s%n", cursor, e.getEvent().getContract(), e.getEvent().getType(),
                    key != null ? key : HexFormat.of().formatHex(e.getEvent().getKey().toByteArray()),
                    HexFormat.of().formatHex(e.getTxId().toByteArray()));
        }
    }

    private void printBlock(PrintWriter out, BlockEnvelope b) {
        BlockHeader header = BlockHeader.decode(b.getBlock().getHeader().toByteArray());
        String hash = HexFormat.of().formatHex(b.getBlockHash().toByteArray());
        if (session.json) {
            ObjectNode json = MessageJson.mapper().createObjectNode();
            json.put("height", header.height());
            json.put("block_hash", hash);
            json.put("timestamp_ms", header.timestampMs());
            json.put("tx_count", b.getBlock().getTransactionsCount());
            json.put("certified", b.hasCertificate());
            out.println(json);
        } else {
            out.printf("height %-8d %s  %d transactions%s%n", header.height(), hash, b.getBlock().getTransactionsCount(),
                    b.hasCertificate() ? "  certified" : "");
        }
    }

    private static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
