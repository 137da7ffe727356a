package io.meshledger.node.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.meshledger.contracts.Caller;
import io.meshledger.core.DecodingException;
import io.meshledger.core.identity.Member;
import io.meshledger.core.identity.MembershipCheck;
import io.meshledger.core.identity.MembershipValidator;
import io.meshledger.core.identity.Role;
import io.meshledger.core.tx.Sender;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.proto.v1.Transaction;

import java.time.Clock;

/**
 * Authenticates signed queries: a query is a transaction body (chain, sender
 * certificate, contract, method, args, nonce, expiry) signed like any
 * transaction but never submitted. Its expiry height bounds how long the
 * signed query can be replayed; it must not be below the tip.
 */
final class QueryAuthenticator {
    private final String chainId;
    private final MembershipValidator members;
    private final Clock clock;

    QueryAuthenticator(String chainId, MembershipValidator members, Clock clock) {
        this.chainId = chainId;
        this.members = members;
        this.clock = clock;
    }

    /** A query checked for chain, expiry, identity and signature, with its caller. */
    record Authenticated(SignedTransaction query, Caller caller) {
    }

    Authenticated authenticate(Transaction wire, long tip) {
        SignedTransaction query;
        try {
            query = SignedTransaction.fromProto(wire);
        } catch (DecodingException | IllegalArgumentException e) {
            throw refuse(Status.Code.INVALID_ARGUMENT, "MALFORMED", "the signed query does not decode: " + e.getMessage());
        }
        var body = query.decoded();
        if (!body.chainId().equals(chainId)) {
            throw refuse(Status.Code.INVALID_ARGUMENT, "WRONG_CHAIN", "the query is signed for chain '"
                    + body.chainId() + "', this is '" + chainId + "'");
        }
        if (body.expiryHeight() < tip) {
            throw refuse(Status.Code.INVALID_ARGUMENT, "EXPIRED", "the query expired at height " + body.expiryHeight()
                    + "; the tip is " + tip);
        }
        if (!(body.sender() instanceof Sender.Certificate c)) {
            throw refuse(Status.Code.UNAUTHENTICATED, "UNKNOWN_IDENTITY", "queries must name their sender by certificate");
        }
        MembershipCheck check = members.validate(c.der().unsafeArray(), clock.instant());
        if (check instanceof MembershipCheck.Invalid bad) {
            throw refuse(Status.Code.UNAUTHENTICATED, "UNKNOWN_IDENTITY", bad.reason());
        }
        Member member = ((MembershipCheck.Valid) check).member();
        if (!member.key().verify(query.id().unsafeArray(), query.signature().unsafeArray())) {
            throw refuse(Status.Code.UNAUTHENTICATED, "INVALID_SIGNATURE", "the query's signature does not verify with "
                    + member.qualifiedName() + "'s key");
        }
        return new Authenticated(query, new Caller(member.id().toHex(), member.org(), member.name(),
                member.role() == Role.ADMIN));
    }

    private static StatusRuntimeException refuse(Status.Code code, String reason, String message) {
        return ErrorStatus.of(code, reason, message);
    }
}
