package io.meshledger.contracts.authorisation;

import io.meshledger.contracts.ContractContext;
import io.meshledger.contracts.StateView;
import io.meshledger.contracts.support.Identities;
import io.meshledger.contracts.support.States;
import io.meshledger.proto.v1.Counter;
import io.meshledger.proto.v1.Grant;
import io.meshledger.proto.v1.Grantee;
import io.meshledger.proto.v1.Right;
import java.util.Optional;

/**
 * Grants in state: the active index answers "is it in force now" in one read;
 * the history keeps every grant with its revocation so past heights can be
 * answered. Both are written in the same invocation, so they never disagree.
 */
final class GrantBook {
    private GrantBook() {
    }

    static Optional<Grant> active(StateView state, String datasetId, Right right, Grantee grantee) {
        return state.get(AuthorisationKeys.active(datasetId, right, grantee))
                .map(bytes -> States.decode(Grant.parser(), bytes, "active grant of " + datasetId));
    }

    /** The active grant conferring at least {@code wanted} on this identity, directly or through its organisation. */
    static Optional<Grant> strongestFor(StateView state, String datasetId, String org, String name, Right wanted) {
        Grantee identity = Grantee.newBuilder().setIdentity(org + "/" + name).build();
        Grantee organisation = Grantee.newBuilder().setOrganisation(org).build();
        for (Right right : Rights.STRONGEST_FIRST) {
            if (!Rights.implies(right, wanted)) {
                continue;
            }
            Optional<Grant> grant = active(state, datasetId, right, identity)
                    .or(() -> active(state, datasetId, right, organisation));
            if (grant.isPresent()) {
                return grant;
            }
        }
        return Optional.empty();
    }

    /** Records a new grant under the next sequence number and marks it active. */
    static Grant add(ContractContext context, String datasetId, Grantee grantee, Right right) {
        StateView state = context.state();
        byte[] counterKey = AuthorisationKeys.sequence(datasetId);
        long seq = state.get(counterKey)
                .map(bytes -> States.decode(Counter.parser(), bytes, "grant counter of " + datasetId).getValue())
                .orElse(0L) + 1;
        Grant grant = Grant.newBuilder()
                .setDatasetId(datasetId)
                .setSeq(seq)
                .setGrantee(grantee)
                .setRight(right)
                .setGrantedBy(Identities.of(context.caller()))
                .setGrantedHeight(context.height())
                .setGrantedTimestampMs(context.timestampMs())
                .setGrantedTxId(context.transactionId())
                .build();
        state.put(counterKey, Counter.newBuilder().setValue(seq).build().toByteArray());
        state.put(AuthorisationKeys.history(datasetId, seq), grant.toByteArray());
        state.put(AuthorisationKeys.active(datasetId, right, grantee), grant.toByteArray());
        return grant;
    }

    /** Ends an active grant: its history entry gains the revocation, its active entry goes. */
    static Grant revoke(ContractContext context, Grant active) {
        Grant revoked = active.toBuilder()
                .setRevoked(true)
                .setRevokedBy(Identities.of(context.caller()))
                .setRevokedHeight(context.height())
                .setRevokedTimestampMs(context.timestampMs())
                .setRevokedTxId(context.transactionId())
                .build();
        StateView state = context.state();
        state.put(AuthorisationKeys.history(active.getDatasetId(), active.getSeq()), revoked.toByteArray());
        state.delete(AuthorisationKeys.active(active.getDatasetId(), active.getRight(), active.getGrantee()));
        return revoked;
    }
}
