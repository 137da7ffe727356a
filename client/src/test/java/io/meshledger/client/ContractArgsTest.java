package io.meshledger.client;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.proto.v1.CreateDatasetArgs;
import io.meshledger.proto.v1.GrantArgs;
import io.meshledger.proto.v1.PublishArgs;
import io.meshledger.proto.v1.Right;
import io.meshledger.proto.v1.Visibility;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContractArgsTest {
    @Test
    void aPublishedRecordCarriesTheSha256OfItsPayloadComputedByTheSdk() {
        byte[] payload = "{\"t\":21.5}".getBytes(StandardCharsets.UTF_8);
        PublishArgs args = ContractArgs.publish(RecordDraft.of("sensors", "station-7", payload));
        assertEquals("sensors", args.getDatasetId());
        assertEquals("station-7", args.getRecordId());
        assertArrayEquals(Hashing.sha256(payload).unsafeArray(), args.getContentHash().toByteArray());
        assertArrayEquals(payload, args.getPayload().toByteArray());
        assertFalse(args.hasValidFromHeight());
        assertFalse(args.hasValidUntilHeight());
    }

    @Test
    void anOffChainRecordSendsOnlyItsHashAndKeepsMetadataInOrderAndItsValidityWindow() {
        Hash hash = Hashing.sha256(new byte[] {9, 9});
        PublishArgs args = ContractArgs.publish(RecordDraft.offChain("d", "r", hash)
                .withMetadata("z", "1").withMetadata("a", "2").validBetween(10, 20));
        assertTrue(args.getPayload().isEmpty());
        assertArrayEquals(hash.unsafeArray(), args.getContentHash().toByteArray());
        assertEquals(List.of("z", "a"), args.getMetadataList().stream().map(m -> m.getKey()).toList());
        assertEquals(10, args.getValidFromHeight());
        assertEquals(20, args.getValidUntilHeight());
    }

    @Test
    void aHashThatDoesNotMatchTheInlinePayloadIsRefusedBeforeAnythingIsSigned() {
        RecordDraft good = RecordDraft.of("d", "r", new byte[] {1});
        assertThrows(IllegalArgumentException.class, () -> new RecordDraft("d", "r", Hashing.sha256(new byte[] {2}),
                good.payload(), List.of(), good.validFrom(), good.validUntil()));
    }

    @Test
    void datasetSpecsEncodeVisibilitySchemaAndDescription() {
        CreateDatasetArgs args = ContractArgs.createDataset(DatasetSpec.of("ds", DatasetVisibility.PUBLIC)
                .withSchema("{\"type\":\"object\"}").withDescription("weather").withMetadata("k", "v"));
        assertEquals(Visibility.VISIBILITY_PUBLIC, args.getVisibility());
        assertEquals("{\"type\":\"object\"}", args.getJsonSchema());
        assertEquals("weather", args.getDescription());
        assertEquals("v", args.getMetadata(0).getValue());
        assertEquals(Visibility.VISIBILITY_RESTRICTED,
                ContractArgs.createDataset(DatasetSpec.of("ds", DatasetVisibility.RESTRICTED)).getVisibility());
    }

    @Test
    void grantsNameAnIdentityAsOrgSlashNameOrAWholeOrganisation() {
        GrantArgs toUser = ContractArgs.grant("ds", Subject.identity("org2/auditor"), AccessRight.READ);
        assertEquals("org2/auditor", toUser.getGrantee().getIdentity());
        assertEquals(Right.RIGHT_READ, toUser.getRight());
        GrantArgs toOrg = ContractArgs.grant("ds", Subject.organisation("org2"), AccessRight.ADMIN);
        assertEquals("org2", toOrg.getGrantee().getOrganisation());
        assertEquals(Right.RIGHT_ADMIN, toOrg.getRight());
        assertEquals(Right.RIGHT_WRITE, ContractArgs.right(AccessRight.WRITE));
    }

    @Test
    void malformedIdentityNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Subject.identity("org2"));
        assertThrows(IllegalArgumentException.class, () -> Subject.identity("org2/a/b"));
        assertThrows(IllegalArgumentException.class, () -> Subject.identity("/auditor"));
        assertThrows(IllegalArgumentException.class, () -> Subject.organisation("a/b"));
    }

    @Test
    void checksAndIdentityAttestationsNameTheirSubject() {
        var check = ContractArgs.check("ds", Subject.identity("org1", "publisher"), AccessRight.WRITE);
        assertEquals("org1", check.getIdentity().getOrg());
        assertEquals("publisher", check.getIdentity().getName());
        assertEquals("org1/publisher",
                ContractArgs.attestIdentity(Subject.identity("org1", "publisher"), "kyc", "").getSubject());
        Hash h = Hashing.sha256(new byte[] {7});
        assertArrayEquals(h.unsafeArray(), ContractArgs.attest(h, "claim", "ev").getHash().toByteArray());
        assertEquals(5, ContractArgs.listAttestations(h, 5, 10).getStartAfterSeq());
    }
}
