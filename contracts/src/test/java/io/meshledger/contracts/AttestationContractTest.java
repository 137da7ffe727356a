package io.meshledger.contracts;

import static io.meshledger.contracts.Chain.ALICE;
import static io.meshledger.contracts.Chain.BOB;
import static io.meshledger.contracts.Chain.ORG1_ADMIN;
import static io.meshledger.contracts.Chain.ORG2_ADMIN;
import static io.meshledger.contracts.Chain.fails;
import static io.meshledger.contracts.Chain.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.proto.v1.AttestArgs;
import io.meshledger.proto.v1.AttestIdentityArgs;
import io.meshledger.proto.v1.Attestation;
import io.meshledger.proto.v1.AttestationList;
import io.meshledger.proto.v1.HashAttested;
import io.meshledger.proto.v1.IdentityAttestation;
import io.meshledger.proto.v1.IdentityAttestationList;
import io.meshledger.proto.v1.ListAttestationsArgs;
import io.meshledger.proto.v1.ListIdentityArgs;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AttestationContractTest {
    private static final ByteString HASH = ByteString.copyFrom(Hashing.sha256("doc".getBytes(StandardCharsets.UTF_8)).toArray());

    private final Chain chain = new Chain();

    private static AttestArgs attest(String claim) {
        return AttestArgs.newBuilder().setHash(HASH).setClaim(claim).setEvidence("https://evidence.example/" + claim).build();
    }

    @Test
    void attesting_a_hash_records_who_when_and_what_and_emits_HashAttested() {
        chain.at(3);
        Attestation a = ok(chain.exec(BOB, "attestation", "attest", attest("signed contract")), Attestation.parser());
        assertEquals(1, a.getSeq());
        assertEquals("org2", a.getAttester().getOrg());
        assertEquals(3, a.getHeight());
        assertEquals("tx0001", a.getTxId());
        MemoryLedger.Event event = chain.ledger.events().getLast();
        assertEquals("HashAttested", event.type());
        assertEquals(HexOf.hash(HASH), event.keyText());
        assertEquals(a, ok(new MemoryLedger.Outcome(event.data(), null, null, null), HashAttested.parser()).getAttestation());
    }

    @Test
    void list_returns_attestations_in_order_page_by_page() {
        for (int i = 0; i < 5; i++) {
            ok(chain.exec(i % 2 == 0 ? ALICE : BOB, "attestation", "attest", attest("claim" + i)), Attestation.parser());
        }
        AttestationList first = ok(chain.ask(BOB, "attestation", "list",
                ListAttestationsArgs.newBuilder().setHash(HASH).setLimit(3).build()), AttestationList.parser());
        assertEquals(3, first.getAttestationsCount());
        assertEquals("claim0", first.getAttestations(0).getClaim());
        assertEquals(3, first.getNextStartAfterSeq());
        AttestationList rest = ok(chain.ask(BOB, "attestation", "list", ListAttestationsArgs.newBuilder()
                .setHash(HASH).setStartAfterSeq(3).setLimit(3).build()), AttestationList.parser());
        assertEquals(2, rest.getAttestationsCount());
        assertEquals("claim4", rest.getAttestations(1).getClaim());
        assertEquals(0, rest.getNextStartAfterSeq());
        AttestationList none = ok(chain.ask(BOB, "attestation", "list", ListAttestationsArgs.newBuilder()
                .setHash(ByteString.copyFrom(new byte[32])).build()), AttestationList.parser());
        assertEquals(0, none.getAttestationsCount());
    }

    @Test
    void hashes_must_be_32_bytes_and_texts_bounded() {
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "attestation", "attest",
                attest("x").toBuilder().setHash(ByteString.copyFrom(new byte[20])).build()));
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "attestation", "attest",
                attest("x").toBuilder().setClaim("c".repeat(5000)).build()));
        fails(FailureCodes.INVALID_ARGUMENT, chain.ask(ALICE, "attestation", "list", ListAttestationsArgs.newBuilder().build()));
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "attestation", "attest", new byte[] {(byte) 0xff}));
        fails(FailureCodes.UNKNOWN_METHOD, chain.exec(ALICE, "attestation", "forget", new byte[0]));
    }

    @Test
    void an_org_admin_attests_identities_of_its_own_org_only() {
        IdentityAttestation a = ok(chain.exec(ORG1_ADMIN, "attestation", "attest_identity",
                AttestIdentityArgs.newBuilder().setSubject("org1/alice").setClaim("employee").build()), IdentityAttestation.parser());
        assertEquals(1, a.getSeq());
        assertEquals("IdentityAttested", chain.ledger.events().getLast().type());
        assertEquals("org1/alice", chain.ledger.events().getLast().keyText());
        fails(FailureCodes.PERMISSION_DENIED, chain.exec(ORG2_ADMIN, "attestation", "attest_identity",
                AttestIdentityArgs.newBuilder().setSubject("org1/alice").setClaim("employee").build()));
        fails(FailureCodes.PERMISSION_DENIED, chain.exec(ALICE, "attestation", "attest_identity",
                AttestIdentityArgs.newBuilder().setSubject("org1/alice").setClaim("self-promotion").build()));
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ORG1_ADMIN, "attestation", "attest_identity",
                AttestIdentityArgs.newBuilder().setSubject("alice").build()));
        ok(chain.exec(ORG1_ADMIN, "attestation", "attest_identity",
                AttestIdentityArgs.newBuilder().setSubject("org1/alice").setClaim("auditor").setEvidence("hr-42").build()),
                IdentityAttestation.parser());
        ok(chain.exec(ORG1_ADMIN, "attestation", "attest_identity",
                AttestIdentityArgs.newBuilder().setSubject("org1/alicia").setClaim("other").build()), IdentityAttestation.parser());
        IdentityAttestationList list = ok(chain.ask(BOB, "attestation", "list_identity",
                ListIdentityArgs.newBuilder().setSubject("org1/alice").build()), IdentityAttestationList.parser());
        assertEquals(java.util.List.of("employee", "auditor"),
                list.getAttestationsList().stream().map(IdentityAttestation::getClaim).toList());
        assertEquals("hr-42", list.getAttestations(1).getEvidence());
    }

    /** Hex as the contract writes it into event keys. */
    private static final class HexOf {
        static String hash(ByteString hash) {
            return java.util.HexFormat.of().formatHex(hash.toByteArray());
        }
    }
}
