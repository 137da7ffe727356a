package io.meshledger.node.execution;

import io.meshledger.contracts.Caller;
import io.meshledger.contracts.ContractContext;
import io.meshledger.contracts.ContractException;
import io.meshledger.contracts.FailureCodes;
import io.meshledger.contracts.StateView;

import java.util.ArrayList;
import java.util.List;

/** A contract context over one {@link InMemoryState}, recording emitted events; calls to other contracts fail. */
public final class FakeContext implements ContractContext {
    /** One emitted event. */
    public record Event(String type, byte[] key, byte[] data) {
    }

    private final Caller caller;
    private final long height;
    private final StateView state;
    private final List<Event> events = new ArrayList<>();

    public FakeContext(Caller caller, long height, StateView state) {
        this.caller = caller;
        this.height = height;
        this.state = state;
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
        return 1_700_000_000_000L + height * 1000;
    }

    @Override
    public String transactionId() {
        return "00".repeat(32);
    }

    @Override
    public StateView state() {
        return state;
    }

    @Override
    public void emit(String type, byte[] key, byte[] data) {
        events.add(new Event(type, key.clone(), data.clone()));
    }

    @Override
    public byte[] call(String contract, String method, byte[] args) {
        throw new ContractException(FailureCodes.UNKNOWN_CONTRACT, "no contract " + contract + " in this fake");
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<String> eventTypes() {
        return events.stream().map(Event::type).toList();
    }
}
