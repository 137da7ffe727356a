package io.meshledger.client;

import com.google.protobuf.ByteString;
import io.meshledger.core.crypto.Hash;
import io.meshledger.proto.v1.AttestArgs;
import io.meshledger.proto.v1.AttestIdentityArgs;
import io.meshledger.proto.v1.CheckArgs;
import io.meshledger.proto.v1.CreateDatasetArgs;
import io.meshledger.proto.v1.GetDatasetArgs;
import io.meshledger.proto.v1.GetRecordArgs;
import io.meshledger.proto.v1.GrantArgs;
import io.meshledger.proto.v1.Grantee;
import io.meshledger.proto.v1.HistoryArgs;
import io.meshledger.proto.v1.Identity;
import io.meshledger.proto.v1.ListAttestationsArgs;
import io.meshledger.proto.v1.ListIdentityArgs;
import io.meshledger.proto.v1.MetadataEntry;
import io.meshledger.proto.v1.PublishArgs;
import io.meshledger.proto.v1.Right;
import io.meshledger.proto.v1.TombstoneArgs;
import io.meshledger.proto.v1.Visibility;

import java.util.List;

/**
 * Encodes the SDK's arguments as the system contracts expect them
 * ({@code meshledger/v1/contracts.proto}). Pure functions.
 */
final class ContractArgs {
    static final String PUBLICATION = "publication";
    static final String AUTHORISATION = "authorisation";
    static final String ATTESTATION = "attestation";

    private ContractArgs() {
    }

    static CreateDatasetArgs createDataset(DatasetSpec spec) {
        return CreateDatasetArgs.newBuilder().setDatasetId(spec.id()).setVisibility(visibility(spec.visibility()))
                .setJsonSchema(spec.jsonSchema()).setDescription(spec.description())
                .addAllMetadata(metadata(spec.metadata())).build();
    }

    static PublishArgs publish(RecordDraft draft) {
        PublishArgs.Builder b = PublishArgs.newBuilder().setDatasetId(draft.dataset()).setRecordId(draft.record())
                .setContentHash(bytes(draft.contentHash())).setPayload(ByteString.copyFrom(draft.payload().unsafeArray()))
                .addAllMetadata(metadata(draft.metadata()));
        draft.validFrom().ifPresent(b::setValidFromHeight);
        draft.validUntil().ifPresent(b::setValidUntilHeight);
        return b.build();
    }

    static TombstoneArgs tombstone(String dataset, String record, String reason) {
        return TombstoneArgs.newBuilder().setDatasetId(dataset).setRecordId(record).setReason(reason).build();
    }

    static GetDatasetArgs getDataset(String dataset) {
        return GetDatasetArgs.newBuilder().setDatasetId(dataset).build();
    }

    static GetRecordArgs getRecord(String dataset, String record, long version) {
        return GetRecordArgs.newBuilder().setDatasetId(dataset).setRecordId(record).setVersion(version).build();
    }

    static HistoryArgs history(String dataset, String record, long startAfterVersion, int limit) {
        return HistoryArgs.newBuilder().setDatasetId(dataset).setRecordId(record)
                .setStartAfterVersion(startAfterVersion).setLimit(limit).build();
    }

    static GrantArgs grant(String dataset, Subject subject, AccessRight right) {
        Grantee.Builder grantee = Grantee.newBuilder();
        switch (subject) {
            case Subject.Identity id -> grantee.setIdentity(id.qualifiedName());
            case Subject.Organisation org -> grantee.setOrganisation(org.name());
        }
        return GrantArgs.newBuilder().setDatasetId(dataset).setGrantee(grantee).setRight(right(right)).build();
    }

    static CheckArgs check(String dataset, Subject.Identity who, AccessRight right) {
        return CheckArgs.newBuilder().setDatasetId(dataset)
                .setIdentity(Identity.newBuilder().setOrg(who.org()).setName(who.name())).setRight(right(right)).build();
    }

    static AttestArgs attest(Hash hash, String claim, String evidence) {
        return AttestArgs.newBuilder().setHash(bytes(hash)).setClaim(claim).setEvidence(evidence).build();
    }

    static AttestIdentityArgs attestIdentity(Subject.Identity subject, String claim, String evidence) {
        return AttestIdentityArgs.newBuilder().setSubject(subject.qualifiedName()).setClaim(claim)
                .setEvidence(evidence).build();
    }

    static ListAttestationsArgs listAttestations(Hash hash, long startAfterSeq, int limit) {
        return ListAttestationsArgs.newBuilder().setHash(bytes(hash)).setStartAfterSeq(startAfterSeq).setLimit(limit)
                .build();
    }

    static ListIdentityArgs listIdentity(Subject.Identity subject, long startAfterSeq, int limit) {
        return ListIdentityArgs.newBuilder().setSubject(subject.qualifiedName()).setStartAfterSeq(startAfterSeq)
                .setLimit(limit).build();
    }

    static Visibility visibility(DatasetVisibility v) {
        return switch (v) {
            case PUBLIC -> Visibility.VISIBILITY_PUBLIC;
            case RESTRICTED -> Visibility.VISIBILITY_RESTRICTED;
        };
    }

    static Right right(AccessRight r) {
        return switch (r) {
            case READ -> Right.RIGHT_READ;
            case WRITE -> Right.RIGHT_WRITE;
            case ADMIN -> Right.RIGHT_ADMIN;
        };
    }

    private static List<MetadataEntry> metadata(List<Metadata> pairs) {
        return pairs.stream().map(m -> MetadataEntry.newBuilder().setKey(m.key()).setValue(m.value()).build()).toList();
    }

    private static ByteString bytes(Hash hash) {
        return ByteString.copyFrom(hash.unsafeArray());
    }
}
