package io.meshledger.contracts.attestation;

import io.meshledger.contracts.Caller;
import io.meshledger.contracts.Contract;
import io.meshledger.contracts.ContractContext;
import io.meshledger.contracts.StateEntry;
import io.meshledger.contracts.StateView;
import io.meshledger.contracts.support.Args;
import io.meshledger.contracts.support.Checks;
import io.meshledger.contracts.support.ContractNames;
import io.meshledger.contracts.support.Fail;
import io.meshledger.contracts.support.Identities;
import io.meshledger.contracts.support.MethodTable;
import io.meshledger.contracts.support.Paging;
import io.meshledger.contracts.support.States;
import io.meshledger.proto.v1.AttestArgs;
import io.meshledger.proto.v1.AttestIdentityArgs;
import io.meshledger.proto.v1.Attestation;
import io.meshledger.proto.v1.AttestationList;
import io.meshledger.proto.v1.Counter;
import io.meshledger.proto.v1.HashAttested;
import io.meshledger.proto.v1.IdentityAttestation;
import io.meshledger.proto.v1.IdentityAttestationList;
import io.meshledger.proto.v1.IdentityAttested;
import io.meshledger.proto.v1.ListAttestationsArgs;
import io.meshledger.proto.v1.ListIdentityArgs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The {@code attestation} system contract. Methods (messages of {@code meshledger/v1/contracts.proto}):
 * <ul>
 *   <li>{@code attest}: {@code AttestArgs} → {@code Attestation}; event {@code HashAttested}, key {@code <hash hex>}</li>
 *   <li>{@code list}: {@code ListAttestationsArgs} → {@code AttestationList} (read-only)</li>
 *   <li>{@code attest_identity}: {@code AttestIdentityArgs} → {@code IdentityAttestation}; event
 *       {@code IdentityAttested}, key {@code <org>/<name>}; only an administrator of the subject's own organisation</li>
 *   <li>{@code list_identity}: {@code ListIdentityArgs} → {@code IdentityAttestationList} (read-only)</li>
 * </ul>
 * Listing an unattested hash or subject returns an empty list, not {@code NOT_FOUND}:
 * "nobody attested this" is an answer.
 */
public final class AttestationContract implements Contract {
    private final MethodTable methods = new MethodTable(ContractNames.ATTESTATION, Map.of(
            "attest", AttestationContract::attest,
            "list", AttestationContract::list,
            "attest_identity", AttestationContract::attestIdentity,
            "list_identity", AttestationContract::listIdentity));

    @Override
    public byte[] invoke(ContractContext context, String method, byte[] args) {
        return methods.dispatch(context, method, args);
    }

    private static byte[] attest(ContractContext context, byte[] rawArgs) {
        AttestArgs args = Args.decode(AttestArgs.parser(), rawArgs);
        byte[] hash = Checks.hash("hash", args.getHash().toByteArray());
        Checks.text("claim", args.getClaim(), Checks.MAX_CLAIM);
        Checks.text("evidence", args.getEvidence(), Checks.MAX_EVIDENCE);
        long seq = next(context.state(), AttestationKeys.hashSequence(hash));
        Attestation attestation = Attestation.newBuilder()
                .setHash(args.getHash())
                .setSeq(seq)
                .setAttester(Identities.of(context.caller()))
                .setHeight(context.height())
                .setTimestampMs(context.timestampMs())
                .setTxId(context.transactionId())
                .setClaim(args.getClaim())
                .setEvidence(args.getEvidence())
                .build();
        context.state().put(AttestationKeys.hashAttestation(hash, seq), attestation.toByteArray());
        context.emit("HashAttested", AttestationKeys.hex(hash).getBytes(StandardCharsets.UTF_8),
                HashAttested.newBuilder().setAttestation(attestation).build().toByteArray());
        return attestation.toByteArray();
    }

    private static byte[] list(ContractContext context, byte[] rawArgs) {
        ListAttestationsArgs args = Args.decode(ListAttestationsArgs.parser(), rawArgs);
        byte[] hash = Checks.hash("hash", args.getHash().toByteArray());
        int limit = Paging.limit(args.getLimit());
        byte[] startAfter = args.getStartAfterSeq() == 0 ? null : AttestationKeys.hashAttestation(hash, args.getStartAfterSeq());
        List<StateEntry> page = context.state().scan(AttestationKeys.hashPrefix(hash), startAfter, limit);
        AttestationList.Builder result = AttestationList.newBuilder();
        for (StateEntry entry : page) {
            result.addAttestations(States.decode(Attestation.parser(), entry.value(), "attestation"));
        }
        if (page.size() == limit) {
            result.setNextStartAfterSeq(result.getAttestations(limit - 1).getSeq());
        }
        return result.build().toByteArray();
    }

    /** The caller must carry the administrator role and belong to the subject's organisation. */
    private static byte[] attestIdentity(ContractContext context, byte[] rawArgs) {
        AttestIdentityArgs args = Args.decode(AttestIdentityArgs.parser(), rawArgs);
        String[] subject = Checks.qualifiedName("subject", args.getSubject());
        Checks.text("claim", args.getClaim(), Checks.MAX_CLAIM);
        Checks.text("evidence", args.getEvidence(), Checks.MAX_EVIDENCE);
        Caller caller = context.caller();
        if (!caller.admin() || !caller.org().equals(subject[0])) {
            throw Fail.denied(caller.qualifiedName() + " is not an administrator of organisation '" + subject[0] + "'");
        }
        long seq = next(context.state(), AttestationKeys.identitySequence(subject[0], subject[1]));
        IdentityAttestation attestation = IdentityAttestation.newBuilder()
                .setSubject(args.getSubject())
                .setSeq(seq)
                .setAttester(Identities.of(caller))
                .setHeight(context.height())
                .setTimestampMs(context.timestampMs())
                .setTxId(context.transactionId())
                .setClaim(args.getClaim())
                .setEvidence(args.getEvidence())
                .build();
        context.state().put(AttestationKeys.identityAttestation(subject[0], subject[1], seq), attestation.toByteArray());
        context.emit("IdentityAttested", args.getSubject().getBytes(StandardCharsets.UTF_8),
                IdentityAttested.newBuilder().setAttestation(attestation).build().toByteArray());
        return attestation.toByteArray();
    }

    private static byte[] listIdentity(ContractContext context, byte[] rawArgs) {
        ListIdentityArgs args = Args.decode(ListIdentityArgs.parser(), rawArgs);
        String[] subject = Checks.qualifiedName("subject", args.getSubject());
        int limit = Paging.limit(args.getLimit());
        byte[] startAfter = args.getStartAfterSeq() == 0
                ? null
                : AttestationKeys.identityAttestation(subject[0], subject[1], args.getStartAfterSeq());
        List<StateEntry> page = context.state().scan(AttestationKeys.identityPrefix(subject[0], subject[1]), startAfter, limit);
        IdentityAttestationList.Builder result = IdentityAttestationList.newBuilder();
        for (StateEntry entry : page) {
            result.addAttestations(States.decode(IdentityAttestation.parser(), entry.value(), "identity attestation"));
        }
        if (page.size() == limit) {
            result.setNextStartAfterSeq(result.getAttestations(limit - 1).getSeq());
        }
        return result.build().toByteArray();
    }

    /** Increments the counter under {@code key} and returns the new value (the first is 1). */
    private static long next(StateView state, byte[] key) {
        long seq = state.get(key).map(bytes -> States.decode(Counter.parser(), bytes, "counter").getValue()).orElse(0L) + 1;
        state.put(key, Counter.newBuilder().setValue(seq).build().toByteArray());
        return seq;
    }
}
