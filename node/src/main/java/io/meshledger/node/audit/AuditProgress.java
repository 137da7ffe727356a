package io.meshledger.node.audit;

/**
 * Told how an audit advances, from the auditing thread; implementations must be
 * cheap (called once per height) and must not throw.
 */
public interface AuditProgress {
    /** Ignores everything. */
    AuditProgress NONE = new AuditProgress() {
        @Override
        public void heightChecked(long height, long tip, long transactions) {
        }

        @Override
        public void comparingState(String what) {
        }
    };

    /** Every check of {@code height} passed; {@code transactions} were checked up to it. */
    void heightChecked(long height, long tip, long transactions);

    /** The per-height pass is over; the stored state is now compared with the replay's ({@code what}). */
    void comparingState(String what);
}
