package io.meshledger.core.identity;

/** What a certificate is for; carried in the subject's OU. */
public enum Role {
    /** An organisation's certificate authority. */
    CA,
    /** A peer node (and validator). */
    NODE,
    /** An organisation administrator: approves governance proposals. */
    ADMIN,
    /** A user: publisher, auditor, reader. */
    USER;

    public String ou() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Role fromOu(String ou) {
        for (Role r : values()) {
            if (r.ou().equals(ou)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + ou + "'");
    }
}
