package io.meshledger.contracts.authorisation;

import io.meshledger.contracts.Caller;
import io.meshledger.contracts.Contract;
import io.meshledger.contracts.ContractContext;
import io.meshledger.contracts.StateEntry;
import io.meshledger.contracts.support.Args;
import io.meshledger.contracts.support.Checks;
import io.meshledger.contracts.support.ContractNames;
import io.meshledger.contracts.support.Fail;
import io.meshledger.contracts.support.Identities;
import io.meshledger.contracts.support.MethodTable;
import io.meshledger.contracts.support.Paging;
import io.meshledger.contracts.support.States;
import io.meshledger.proto.v1.AccessBasis;
import io.meshledger.proto.v1.AccessChanged;
import io.meshledger.proto.v1.CheckArgs;
import io.meshledger.proto.v1.CheckResult;
import io.meshledger.proto.v1.Dataset;
import io.meshledger.proto.v1.GetDatasetArgs;
import io.meshledger.proto.v1.Grant;
import io.meshledger.proto.v1.GrantArgs;
import io.meshledger.proto.v1.GrantsAtArgs;
import io.meshledger.proto.v1.GrantsAtResult;
import io.meshledger.proto.v1.Right;
import io.meshledger.proto.v1.Visibility;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code authorisation} system contract. Methods (messages of {@code meshledger/v1/contracts.proto}):
 * <ul>
 *   <li>{@code grant}: {@code GrantArgs} → {@code Grant}; event {@code AccessGranted} ({@code AccessChanged}), key {@code <dataset>}</li>
 *   <li>{@code revoke}: {@code GrantArgs} → {@code Grant} (with the revocation); event {@code AccessRevoked} ({@code AccessChanged}), key {@code <dataset>}</li>
 *   <li>{@code check}: {@code CheckArgs} → {@code CheckResult} (read-only)</li>
 *   <li>{@code grants_at}: {@code GrantsAtArgs} → {@code GrantsAtResult} (read-only): who held a right after a past block</li>
 * </ul>
 * The dataset and its owner come from {@code publication.get_dataset}; an unknown
 * dataset fails with that call's {@code NOT_FOUND}. Only the owner and ADMIN
 * grantees may grant or revoke.
 */
public final class AuthorisationContract implements Contract {
    private final MethodTable methods = new MethodTable(ContractNames.AUTHORISATION, Map.of(
            "grant", AuthorisationContract::grant,
            "revoke", AuthorisationContract::revoke,
            "check", AuthorisationContract::check,
            "grants_at", AuthorisationContract::grantsAt));

    @Override
    public byte[] invoke(ContractContext context, String method, byte[] args) {
        return methods.dispatch(context, method, args);
    }

    /** A second identical grant while the first is in force is {@code ALREADY_EXISTS}. */
    private static byte[] grant(ContractContext context, byte[] rawArgs) {
        GrantArgs args = decodeGrant(rawArgs);
        Dataset dataset = dataset(context, args.getDatasetId());
        requireAdministrator(context, dataset);
        if (GrantBook.active(context.state(), dataset.getDatasetId(), args.getRight(), args.getGrantee()).isPresent()) {
            throw Fail.exists(Rights.describe(args.getGrantee()) + " already holds " + AuthorisationKeys.rightName(args.getRight())
                    + " on dataset '" + dataset.getDatasetId() + "'");
        }
        Grant grant = GrantBook.add(context, dataset.getDatasetId(), args.getGrantee(), args.getRight());
        emit(context, "AccessGranted", grant);
        return grant.toByteArray();
    }

    /** Revokes exactly the named grant (right and grantee); revoking WRITE leaves a separate READ grant alone. */
    private static byte[] revoke(ContractContext context, byte[] rawArgs) {
        GrantArgs args = decodeGrant(rawArgs);
        Dataset dataset = dataset(context, args.getDatasetId());
        requireAdministrator(context, dataset);
        Grant active = GrantBook.active(context.state(), dataset.getDatasetId(), args.getRight(), args.getGrantee())
                .orElseThrow(() -> Fail.notFound(Rights.describe(args.getGrantee()) + " holds no "
                        + AuthorisationKeys.rightName(args.getRight()) + " grant on dataset '" + dataset.getDatasetId() + "'"));
        Grant revoked = GrantBook.revoke(context, active);
        emit(context, "AccessRevoked", revoked);
        return revoked.toByteArray();
    }

    /**
     * Whether the identity in the arguments (not the caller: publication asks
     * about its own caller) holds the right now. Owner first, then READ on a
     * public dataset, then grants from strongest right to weakest, the identity's
     * own grant before its organisation's.
     */
    private static byte[] check(ContractContext context, byte[] rawArgs) {
        CheckArgs args = Args.decode(CheckArgs.parser(), rawArgs);
        String org = Checks.name("identity org", args.getIdentity().getOrg());
        String name = Checks.name("identity name", args.getIdentity().getName());
        Right wanted = Rights.grantable(args.getRight());
        Dataset dataset = dataset(context, args.getDatasetId());
        CheckResult.Builder result = CheckResult.newBuilder();
        if ((org + "/" + name).equals(Identities.qualifiedName(dataset.getOwner()))) {
            return result.setAllowed(true).setBasis(AccessBasis.ACCESS_BASIS_OWNER).build().toByteArray();
        }
        if (wanted == Right.RIGHT_READ && dataset.getVisibility() == Visibility.VISIBILITY_PUBLIC) {
            return result.setAllowed(true).setBasis(AccessBasis.ACCESS_BASIS_PUBLIC).build().toByteArray();
        }
        Optional<Grant> grant = GrantBook.strongestFor(context.state(), dataset.getDatasetId(), org, name, wanted);
        if (grant.isEmpty()) {
            return result.setAllowed(false).setBasis(AccessBasis.ACCESS_BASIS_NONE).build().toByteArray();
        }
        AccessBasis basis = grant.get().getGrantee().hasIdentity()
                ? AccessBasis.ACCESS_BASIS_IDENTITY_GRANT
                : AccessBasis.ACCESS_BASIS_ORGANISATION_GRANT;
        return result.setAllowed(true).setBasis(basis).setGrant(grant.get()).build().toByteArray();
    }

    /**
     * The grants in force after block {@code height} that confer {@code right}
     * (any right when unspecified), one bounded page of the history at a time;
     * a page may hold fewer matches than the limit, and paging continues while
     * {@code next_start_after_seq} is non-zero. The owner is reported separately.
     */
    private static byte[] grantsAt(ContractContext context, byte[] rawArgs) {
        GrantsAtArgs args = Args.decode(GrantsAtArgs.parser(), rawArgs);
        Right wanted = args.getRight() == Right.RIGHT_UNSPECIFIED ? Right.RIGHT_READ : Rights.grantable(args.getRight());
        Dataset dataset = dataset(context, args.getDatasetId());
        int limit = Paging.limit(args.getLimit());
        byte[] startAfter = args.getStartAfterSeq() == 0
                ? null
                : AuthorisationKeys.history(dataset.getDatasetId(), args.getStartAfterSeq());
        List<StateEntry> page = context.state().scan(AuthorisationKeys.historyPrefix(dataset.getDatasetId()), startAfter, limit);
        GrantsAtResult.Builder result = GrantsAtResult.newBuilder()
                .setOwner(dataset.getOwner())
                .setDatasetExisted(Long.compareUnsigned(dataset.getCreatedHeight(), args.getHeight()) <= 0)
                .setVisibility(dataset.getVisibility());
        long lastSeq = 0;
        for (StateEntry entry : page) {
            Grant grant = States.decode(Grant.parser(), entry.value(), "grant of " + dataset.getDatasetId());
            lastSeq = grant.getSeq();
            if (Rights.inForceAt(grant, args.getHeight()) && Rights.implies(grant.getRight(), wanted)) {
                result.addGrants(grant);
            }
        }
        if (page.size() == limit) {
            result.setNextStartAfterSeq(lastSeq);
        }
        return result.build().toByteArray();
    }

    private static GrantArgs decodeGrant(byte[] rawArgs) {
        GrantArgs args = Args.decode(GrantArgs.parser(), rawArgs);
        Checks.datasetId(args.getDatasetId());
        Rights.grantee(args.getGrantee());
        Rights.grantable(args.getRight());
        return args;
    }

    private static Dataset dataset(ContractContext context, String datasetId) {
        GetDatasetArgs question = GetDatasetArgs.newBuilder().setDatasetId(Checks.datasetId(datasetId)).build();
        byte[] answer = context.call(ContractNames.PUBLICATION, "get_dataset", question.toByteArray());
        return States.decode(Dataset.parser(), answer, "publication's dataset answer");
    }

    private static void requireAdministrator(ContractContext context, Dataset dataset) {
        Caller caller = context.caller();
        if (caller.qualifiedName().equals(Identities.qualifiedName(dataset.getOwner()))) {
            return;
        }
        if (GrantBook.strongestFor(context.state(), dataset.getDatasetId(), caller.org(), caller.name(), Right.RIGHT_ADMIN).isEmpty()) {
            throw Fail.denied(caller.qualifiedName() + " is neither owner nor admin of dataset '" + dataset.getDatasetId() + "'");
        }
    }

    private static void emit(ContractContext context, String type, Grant grant) {
        context.emit(type, grant.getDatasetId().getBytes(StandardCharsets.UTF_8),
                AccessChanged.newBuilder().setGrant(grant).build().toByteArray());
    }
}
