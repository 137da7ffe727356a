package io.meshledger.contracts.support;

/** Page sizes for read methods: every scan is bounded. */
public final class Paging {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private Paging() {
    }

    /** 0 means the default; anything above the maximum is capped (not refused) so clients need not know it. */
    public static int limit(int requested) {
        if (requested <= 0) {
            return DEFAULT_LIMIT;
        }
        return Math.min(requested, MAX_LIMIT);
    }
}
