package io.meshledger.contracts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A small real runtime for the system contracts: committed state per contract
 * namespace (unsigned byte order), one overlay per namespace per transaction,
 * events kept only on success, and read-only calls between contracts that see
 * the transaction's own writes. Failures are mapped the way the node's runtime
 * maps them: {@link ContractException} keeps its code, anything else is
 * {@code CONTRACT_ERROR}.
 */
final class MemoryLedger {
    static final int MAX_CALL_DEPTH = 8;

    /** One emitted event. */
    record Event(String contract, String type, byte[] key, byte[] data) {
        String keyText() {
            return new String(key, StandardCharsets.UTF_8);
        }
    }

    /** What one invocation did. */
    record Outcome(byte[] result, String failureCode, String message, List<Event> events) {
        boolean ok() {
            return failureCode == null;
        }
    }

    private final Map<String, Contract> contracts;
    private final Map<String, NavigableMap<byte[], byte[]>> committed = new TreeMap<>();
    private final List<Event> events = new ArrayList<>();

    MemoryLedger(Map<String, Contract> contracts) {
        this.contracts = Map.copyOf(contracts);
    }

    /** Executes a transaction; its writes and events are kept only if it succeeds. */
    Outcome execute(Caller caller, long height, long timestampMs, String txId, String contract, String method, byte[] args) {
        Transaction tx = new Transaction(false);
        List<Event> emitted = new ArrayList<>();
        Outcome outcome = run(new Context(tx, contract, caller, height, timestampMs, txId, emitted, 0), contract, method, args);
        if (outcome.ok()) {
            tx.overlays.values().forEach(Overlay::commit);
            events.addAll(emitted);
            return new Outcome(outcome.result(), null, null, List.copyOf(emitted));
        }
        return outcome;
    }

    /** A read-only query at the committed state. */
    Outcome query(Caller caller, long height, String contract, String method, byte[] args) {
        Transaction tx = new Transaction(true);
        return run(new Context(tx, contract, caller, height, 0, "", null, 0), contract, method, args);
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    /** Every committed key and value of every namespace, in order: equal bytes means equal state. */
    byte[] stateBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        committed.forEach((name, map) -> {
            out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
            map.forEach((k, v) -> {
                writeChunk(out, k);
                writeChunk(out, v);
            });
        });
        return out.toByteArray();
    }

    /** Every committed event, in order, as bytes. */
    byte[] eventBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Event e : events) {
            writeChunk(out, e.contract().getBytes(StandardCharsets.UTF_8));
            writeChunk(out, e.type().getBytes(StandardCharsets.UTF_8));
            writeChunk(out, e.key());
            writeChunk(out, e.data());
        }
        return out.toByteArray();
    }

    int keyCount(String contract) {
        return committed.getOrDefault(contract, new TreeMap<>()).size();
    }

    private static void writeChunk(ByteArrayOutputStream out, byte[] chunk) {
        out.write(chunk.length >>> 24);
        out.write(chunk.length >>> 16);
        out.write(chunk.length >>> 8);
        out.write(chunk.length);
        out.writeBytes(chunk);
    }

    private Outcome run(Context context, String contract, String method, byte[] args) {
        try {
            byte[] result = invoke(context, contract, method, args);
            return new Outcome(result, null, null, List.of());
        } catch (ContractException e) {
            return new Outcome(null, e.code(), e.getMessage(), List.of());
        } catch (RuntimeException e) {
            return new Outcome(null, FailureCodes.CONTRACT_ERROR, e.toString(), List.of());
        }
    }

    private byte[] invoke(Context context, String contract, String method, byte[] args) {
        Contract target = contracts.get(contract);
        if (target == null) {
            throw new ContractException(FailureCodes.UNKNOWN_CONTRACT, contract);
        }
        byte[] result = target.invoke(context, method, args);
        if (result == null) {
            throw new IllegalStateException(contract + "." + method + " returned null");
        }
        return result;
    }

    /** The overlays of one transaction, one per namespace touched. */
    private final class Transaction {
        final Map<String, Overlay> overlays = new HashMap<>();
        final boolean readOnly;

        Transaction(boolean readOnly) {
            this.readOnly = readOnly;
        }

        Overlay overlay(String contract) {
            return overlays.computeIfAbsent(contract,
                    name -> new Overlay(committed.computeIfAbsent(name, n -> new TreeMap<>(Overlay.UNSIGNED)), readOnly));
        }
    }

    private final class Context implements ContractContext {
        private final Transaction tx;
        private final String contract;
        private final Caller caller;
        private final long height;
        private final long timestampMs;
        private final String txId;
        private final List<Event> emitted;
        private final int depth;

        Context(Transaction tx, String contract, Caller caller, long height, long timestampMs, String txId,
                List<Event> emitted, int depth) {
            this.tx = tx;
            this.contract = contract;
            this.caller = caller;
            this.height = height;
            this.timestampMs = timestampMs;
            this.txId = txId;
            this.emitted = emitted;
            this.depth = depth;
        }

        @Override
        public Caller caller() {
            return caller;
        }

        @Override
        public long height() {
            return height;
        }

        @Override
        public long timestampMs() {
            return timestampMs;
        }

        @Override
        public String transactionId() {
            return txId;
        }

        @Override
        public StateView state() {
            Overlay overlay = tx.overlay(contract);
            return emitted == null ? overlay.readOnlyView() : overlay;
        }

        @Override
        public void emit(String type, byte[] key, byte[] data) {
            if (emitted == null) {
                throw new ContractException(FailureCodes.READ_ONLY, "event in a read-only call");
            }
            emitted.add(new Event(contract, type, key.clone(), data.clone()));
        }

        @Override
        public byte[] call(String callee, String method, byte[] args) {
            if (depth + 1 > MAX_CALL_DEPTH) {
                throw new ContractException(FailureCodes.CALL_DEPTH_EXCEEDED, "depth " + (depth + 1));
            }
            Context nested = new Context(tx, callee, caller, height, timestampMs, "", null, depth + 1);
            return invoke(nested, callee, method, args);
        }
    }
}
