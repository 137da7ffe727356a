package io.meshledger.core.identity;

/** Outcome of validating a certificate against the consortium's roots. */
public sealed interface MembershipCheck {
    /** The certificate is valid: here is the member. */
    record Valid(Member member) implements MembershipCheck {
    }

    /** Not a member, and why (names the certificate and the failed rule). */
    record Invalid(String reason) implements MembershipCheck {
    }
}
