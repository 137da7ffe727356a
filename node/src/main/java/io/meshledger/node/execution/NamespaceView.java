package io.meshledger.node.execution;

import io.meshledger.contracts.ContractException;
import io.meshledger.contracts.FailureCodes;
import io.meshledger.contracts.StateEntry;
import io.meshledger.contracts.StateView;
import io.meshledger.node.execution.sandbox.GasMeter;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One contract's namespace of the pending state, metered; writes refused in read-only calls. */
final class NamespaceView implements StateView {
    private static final int MAX_SCAN_PAGE = 1_000;

    private final Overlay state;
    private final String contract;
    private final boolean readOnly;
    private final GasMeter meter;

    NamespaceView(Overlay state, String contract, boolean readOnly, GasMeter meter) {
        this.state = state;
        this.contract = contract;
        this.readOnly = readOnly;
        this.meter = meter;
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        checkKey(key);
        meter.charge(GasCosts.READ + GasCosts.PER_BYTE * key.length);
        Optional<byte[]> value = state.get(contract, key);
        value.ifPresent(v -> meter.charge(GasCosts.PER_BYTE * v.length));
        return value;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        checkWrite(key);
        Objects.requireNonNull(value, "value");
        meter.charge(GasCosts.WRITE + GasCosts.PER_BYTE * ((long) key.length + value.length));
        state.put(contract, key, value);
    }

    @Override
    public void delete(byte[] key) {
        checkWrite(key);
        meter.charge(GasCosts.WRITE + GasCosts.PER_BYTE * key.length);
        state.delete(contract, key);
    }

    @Override
    public List<StateEntry> scan(byte[] prefix, byte[] startAfter, int limit) {
        Objects.requireNonNull(prefix, "prefix");
        if (limit < 0 || limit > MAX_SCAN_PAGE) {
            throw new ContractException(FailureCodes.INVALID_ARGUMENT, "scan limit " + limit + " is outside 0.."
                    + MAX_SCAN_PAGE);
        }
        meter.charge(GasCosts.SCAN + GasCosts.SCAN_ENTRY * limit);
        List<StateEntry> page = state.scan(contract, prefix, startAfter, limit);
        long bytes = 0;
        for (StateEntry e : page) {
            bytes += e.key().length + e.value().length;
        }
        meter.charge(GasCosts.PER_BYTE * bytes);
        return page;
    }

    private void checkWrite(byte[] key) {
        if (readOnly) {
            throw new ContractException(FailureCodes.READ_ONLY, contract + " wrote state in a read-only call");
        }
        checkKey(key);
    }

    private static void checkKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0 || key.length > MAX_KEY_BYTES) {
            throw new ContractException(FailureCodes.INVALID_ARGUMENT, "state keys must be 1.." + MAX_KEY_BYTES
                    + " bytes, got " + key.length);
        }
    }
}
