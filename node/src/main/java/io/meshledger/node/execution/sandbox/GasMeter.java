package io.meshledger.node.execution.sandbox;

/** TEMPORARY: replaced by the sandbox branch's meter at merge. */
public final class GasMeter {
    private final long limit;
    private long used;
    private boolean exhausted;

    public GasMeter(long limit) {
        this.limit = limit;
    }

    public void charge(long gas) {
        if (exhausted || used + gas > limit) {
            exhausted = true;
            used = limit;
            throw new io.meshledger.contracts.ContractException("OUT_OF_GAS", "out of gas");
        }
        used += gas;
    }

    public long used() {
        return used;
    }

    public long limit() {
        return limit;
    }

    public boolean exhausted() {
        return exhausted;
    }
}
