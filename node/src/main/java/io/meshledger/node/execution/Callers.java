package io.meshledger.node.execution;

import io.meshledger.contracts.Caller;
import io.meshledger.contracts.ContractException;
import io.meshledger.core.identity.Member;
import io.meshledger.core.identity.MembershipCheck;
import io.meshledger.core.identity.MembershipValidator;
import io.meshledger.core.identity.Role;
import io.meshledger.core.tx.Sender;

import java.time.Instant;

/**
 * Who sent a transaction, decided the same way on every node: the certificate
 * must chain to a genesis CA and be valid at the block's timestamp (not at
 * any node's clock).
 */
final class Callers {
    static final String UNKNOWN_IDENTITY = "UNKNOWN_IDENTITY";

    private final MembershipValidator members;

    Callers(MembershipValidator members) {
        this.members = members;
    }

    Caller of(Sender sender, long blockTimestampMs) {
        return switch (sender) {
            case Sender.Certificate c -> {
                MembershipCheck check = members.validate(c.der().unsafeArray(), Instant.ofEpochMilli(blockTimestampMs));
                if (check instanceof MembershipCheck.Valid v) {
                    yield callerOf(v.member());
                }
                throw new ContractException(UNKNOWN_IDENTITY, ((MembershipCheck.Invalid) check).reason());
            }
            // Key ids are not registered on chain yet, so no node could resolve one deterministically.
            case Sender.KeyId k -> throw new ContractException(UNKNOWN_IDENTITY,
                    "sender key ids are not registered on chain; sign with a certificate");
        };
    }

    static Caller callerOf(Member member) {
        return new Caller(member.id().toHex(), member.org(), member.name(), member.role() == Role.ADMIN);
    }
}
