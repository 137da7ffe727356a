package io.meshledger.node.execution;

import io.meshledger.contracts.Caller;
import io.meshledger.contracts.ContractContext;
import io.meshledger.contracts.ContractException;
import io.meshledger.contracts.FailureCodes;
import io.meshledger.contracts.StateView;
import io.meshledger.core.Bytes;
import io.meshledger.core.receipt.Event;
import io.meshledger.node.execution.sandbox.GasMeter;

import java.util.List;
import java.util.Objects;

/**
 * The context of one contract invocation: a transaction's top-level call, or a
 * read-only call one contract makes to another (deeper, same caller, same
 * pending writes, no writes or events of its own).
 */
final class Invocation implements ContractContext {
    /** Where the invocation runs: shared by every nested call of one transaction. */
    record Scope(Contracts contracts, Caller caller, long height, long timestampMs, String transactionId,
                 Overlay state, List<Event> events, GasMeter meter, ExecutionLimits limits) {
    }

    private final Scope scope;
    private final String contract;
    private final boolean readOnly;
    private final int depth;
    private final NamespaceView view;

    Invocation(Scope scope, String contract, boolean readOnly, int depth) {
        this.scope = scope;
        this.contract = Objects.requireNonNull(contract, "contract");
        this.readOnly = readOnly;
        this.depth = depth;
        this.view = new NamespaceView(scope.state(), contract, readOnly, scope.meter());
    }

    @Override
    public Caller caller() {
        return scope.caller();
    }

    @Override
    public long height() {
        return scope.height();
    }

    @Override
    public long timestampMs() {
        return scope.timestampMs();
    }

    @Override
    public String transactionId() {
        return scope.transactionId();
    }

    @Override
    public StateView state() {
        return view;
    }

    @Override
    public void emit(String type, byte[] key, byte[] data) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(data, "data");
        if (readOnly) {
            throw new ContractException(FailureCodes.READ_ONLY, contract + " emitted " + type + " in a read-only call");
        }
        scope.meter().charge(GasCosts.EVENT + GasCosts.PER_BYTE * (type.length() + key.length + data.length));
        scope.events().add(new Event(contract, type, Bytes.of(key), Bytes.of(data)));
    }

    @Override
    public byte[] call(String callee, String method, byte[] args) {
        Objects.requireNonNull(callee, "contract");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(args, "args");
        if (depth + 1 > scope.limits().maxCallDepth()) {
            throw new ContractException(FailureCodes.CALL_DEPTH_EXCEEDED, contract + " calling " + callee + "."
                    + method + " would nest " + (depth + 1) + " calls; the limit is " + scope.limits().maxCallDepth());
        }
        scope.meter().charge(GasCosts.CALL + GasCosts.PER_BYTE * args.length);
        Invocable target = scope.contracts().resolve(callee, scope.state())
                .orElseThrow(() -> new ContractException(FailureCodes.UNKNOWN_CONTRACT, "no contract named '" + callee
                        + "' is deployed"));
        Invocation nested = new Invocation(scope, callee, true, depth + 1);
        return Outcomes.runNested(target, nested, callee, method, args, scope.meter());
    }
}
