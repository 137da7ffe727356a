package io.meshledger.contracts;

import static io.meshledger.contracts.Chain.ALICE;
import static io.meshledger.contracts.Chain.BOB;
import static io.meshledger.contracts.Chain.CAROL;
import static io.meshledger.contracts.Chain.fails;
import static io.meshledger.contracts.Chain.grantTo;
import static io.meshledger.contracts.Chain.grantToOrg;
import static io.meshledger.contracts.Chain.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshledger.proto.v1.AccessBasis;
import io.meshledger.proto.v1.AccessChanged;
import io.meshledger.proto.v1.CheckArgs;
import io.meshledger.proto.v1.CheckResult;
import io.meshledger.proto.v1.Dataset;
import io.meshledger.proto.v1.Grant;
import io.meshledger.proto.v1.GrantArgs;
import io.meshledger.proto.v1.GrantsAtArgs;
import io.meshledger.proto.v1.GrantsAtResult;
import io.meshledger.proto.v1.Grantee;
import io.meshledger.proto.v1.Identity;
import io.meshledger.proto.v1.Right;
import io.meshledger.proto.v1.Visibility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthorisationContractTest {
    private final Chain chain = new Chain();

    @BeforeEach
    void aliceOwnsARestrictedDataset() {
        ok(chain.exec(ALICE, "publication", "create_dataset", Chain.dataset("d", Visibility.VISIBILITY_RESTRICTED, "")),
                Dataset.parser());
    }

    private CheckResult check(Caller who, Right right) {
        return check("d", who, right);
    }

    private CheckResult check(String dataset, Caller who, Right right) {
        CheckArgs args = CheckArgs.newBuilder()
                .setDatasetId(dataset)
                .setIdentity(Identity.newBuilder().setOrg(who.org()).setName(who.name()))
                .setRight(right)
                .build();
        return ok(chain.ask(CAROL, "authorisation", "check", args), CheckResult.parser());
    }

    @Test
    void the_owner_grants_and_the_grant_is_an_event_and_a_history_entry() {
        chain.at(4);
        Grant grant = ok(chain.exec(ALICE, "authorisation", "grant", grantTo("d", BOB, Right.RIGHT_READ)), Grant.parser());
        assertEquals(1, grant.getSeq());
        assertEquals(4, grant.getGrantedHeight());
        assertEquals("alice", grant.getGrantedBy().getName());
        MemoryLedger.Event event = chain.ledger.events().getLast();
        assertEquals("AccessGranted", event.type());
        assertEquals("d", event.keyText());
        assertEquals(grant, ok(new MemoryLedger.Outcome(event.data(), null, null, null), AccessChanged.parser()).getGrant());
        CheckResult result = check(BOB, Right.RIGHT_READ);
        assertTrue(result.getAllowed());
        assertEquals(AccessBasis.ACCESS_BASIS_IDENTITY_GRANT, result.getBasis());
        assertFalse(check(BOB, Right.RIGHT_WRITE).getAllowed());
    }

    @Test
    void revoking_ends_the_grant_records_who_revoked_and_emits_AccessRevoked() {
        ok(chain.exec(ALICE, "authorisation", "grant", grantTo("d", BOB, Right.RIGHT_WRITE)), Grant.parser());
        chain.at(9);
        Grant revoked = ok(chain.exec(ALICE, "authorisation", "revoke", grantTo("d", BOB, Right.RIGHT_WRITE)), Grant.parser());
        assertTrue(revoked.getRevoked());
        assertEquals(9, revoked.getRevokedHeight());
        assertEquals("AccessRevoked", chain.ledger.events().getLast().type());
        assertFalse(check(BOB, Right.RIGHT_READ).getAllowed());
        fails(FailureCodes.NOT_FOUND, chain.exec(ALICE, "authorisation", "revoke", grantTo("d", BOB, Right.RIGHT_WRITE)));
    }

    @Test
    void the_owner_holds_every_right_and_admin_implies_write_implies_read() {
        assertEquals(AccessBasis.ACCESS_BASIS_OWNER, check(ALICE, Right.RIGHT_ADMIN).getBasis());
        ok(chain.exec(ALICE, "authorisation", "grant", grantTo("d", BOB, Right.RIGHT_ADMIN)), Grant.parser());
        assertTrue(check(BOB, Right.RIGHT_WRITE).getAllowed());
        assertTrue(check(BOB, Right.RIGHT_READ).getAllowed());
        ok(chain.exec(ALICE, "authorisation", "grant", grantTo("d", CAROL, Right.RIGHT_WRITE)), Grant.parser());
        assertTrue(check(CAROL, Right.RIGHT_READ).getAllowed());
        assertFalse(check(CAROL, Right.RIGHT_ADMIN).getAllowed());
    }

    @Test
    void an_organisation_grant_covers_every_identity_of_that_organisation_only() {
        ok(chain.exec(ALICE, "authorisation", "grant", grantToOrg("d", "org2", Right.RIGHT_READ)), Grant.parser());
        CheckResult carol = check(CAROL, Right.RIGHT_READ);
        assertTrue(carol.getAllowed());
        assertEquals(AccessBasis.ACCESS_BASIS_ORGANISATION_GRANT, carol.getBasis());
        assertTrue(check(BOB, Right.RIGHT_READ).getAllowed());
        assertFalse(check(new Caller("x", "org3", "bob", false), Right.RIGHT_READ).getAllowed());
    }

    @Test
    void reading_a_public_dataset_needs_no_grant_but_writing_does() {
        ok(chain.exec(ALICE, "publication", "create_dataset", Chain.dataset("pub", Visibility.VISIBILITY_PUBLIC, "")),
                Dataset.parser());
        assertEquals(AccessBasis.ACCESS_BASIS_PUBLIC, check("pub", BOB, Right.RIGHT_READ).getBasis());
        assertFalse(check("pub", BOB, Right.RIGHT_WRITE).getAllowed());
    }

    @Test
    void an_admin_grantee_may_grant_and_revoke_but_others_may_not() {
        fails(FailureCodes.PERMISSION_DENIED, chain.exec(BOB, "authorisation", "grant", grantTo("d", CAROL, Right.RIGHT_READ)));
        ok(chain.exec(ALICE, "authorisation", "grant", grantTo("d", BOB, Right.RIGHT_ADMIN)), Grant.parser());
        Grant byBob = ok(chain.exec(BOB, "authorisation", "grant", grantTo("d", CAROL, Right.RIGHT_READ)), Grant.parser());
        assertEquals("bob", byBob.getGrantedBy().getName());
        fails(FailureCodes.PERMISSION_DENIED, chain.exec(CAROL, "authorisation", "revoke", grantTo("d", CAROL, Right.RIGHT_READ)));
        ok(chain.exec(BOB, "authorisation", "revoke", grantTo("d", CAROL, Right.RIGHT_READ)), Grant.parser());
    }

    @Test
    void granting_what_is_already_granted_is_refused() {
        ok(chain.exec(ALICE, "authorisation", "grant", grantTo("d", BOB, Right.RIGHT_READ)), Grant.parser());
        fails(FailureCodes.ALREADY_EXISTS, chain.exec(ALICE, "authorisation", "grant", grantTo("d", BOB, Right.RIGHT_READ)));
    }

    @Test
    void an_unknown_dataset_is_not_found_for_every_method() {
        fails(FailureCodes.NOT_FOUND, chain.exec(ALICE, "authorisation", "grant", grantTo("nope", BOB, Right.RIGHT_READ)));
        fails(FailureCodes.NOT_FOUND, chain.exec(ALICE, "authorisation", "revoke", grantTo("nope", BOB, Right.RIGHT_READ)));
        fails(FailureCodes.NOT_FOUND, chain.ask(ALICE, "authorisation", "check", CheckArgs.newBuilder()
                .setDatasetId("nope").setIdentity(Identity.newBuilder().setOrg("o").setName("n")).setRight(Right.RIGHT_READ).build()));
        fails(FailureCodes.NOT_FOUND, chain.ask(ALICE, "authorisation", "grants_at",
                GrantsAtArgs.newBuilder().setDatasetId("nope").build()));
    }

    @Test
    void malformed_grants_are_invalid() {
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "authorisation", "grant",
                grantTo("d", BOB, Right.RIGHT_UNSPECIFIED)));
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "authorisation", "grant",
                GrantArgs.newBuilder().setDatasetId("d").setRight(Right.RIGHT_READ).build()));
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "authorisation", "grant",
                GrantArgs.newBuilder().setDatasetId("d").setRight(Right.RIGHT_READ)
                        .setGrantee(Grantee.newBuilder().setIdentity("no-slash")).build()));
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "authorisation", "grant",
                GrantArgs.newBuilder().setDatasetId("d").setRight(Right.RIGHT_READ)
                        .setGrantee(Grantee.newBuilder().setOrganisation("a/b")).build()));
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "authorisation", "grant", new byte[] {(byte) 0xff}));
        fails(FailureCodes.UNKNOWN_METHOD, chain.exec(ALICE, "authorisation", "grant_all", new byte[0]));
    }

    @Test
    void grants_at_answers_for_past_heights_and_pages_through_history() {
        chain.at(10);
        ok(chain.exec(ALICE, "authorisation", "grant", grantTo("d", BOB, Right.RIGHT_READ)), Grant.parser());
        chain.at(20);
        ok(chain.exec(ALICE, "authorisation", "grant", grantToOrg("d", "org3", Right.RIGHT_WRITE)), Grant.parser());
        chain.at(30);
        ok(chain.exec(ALICE, "authorisation", "revoke", grantTo("d", BOB, Right.RIGHT_READ)), Grant.parser());
        chain.at(40);
        assertEquals(java.util.List.of(), readersAt(9));
        assertEquals(java.util.List.of("org2/bob"), readersAt(10));
        assertEquals(java.util.List.of("org2/bob", "org:org3"), readersAt(29));
        assertEquals(java.util.List.of("org:org3"), readersAt(30));
        GrantsAtResult writers = ok(chain.ask(BOB, "authorisation", "grants_at", GrantsAtArgs.newBuilder()
                .setDatasetId("d").setHeight(25).setRight(Right.RIGHT_WRITE).build()), GrantsAtResult.parser());
        assertEquals(1, writers.getGrantsCount());
        assertEquals("alice", writers.getOwner().getName());
        GrantsAtResult page = ok(chain.ask(BOB, "authorisation", "grants_at", GrantsAtArgs.newBuilder()
                .setDatasetId("d").setHeight(25).setLimit(1).build()), GrantsAtResult.parser());
        assertEquals(1, page.getNextStartAfterSeq());
        GrantsAtResult next = ok(chain.ask(BOB, "authorisation", "grants_at", GrantsAtArgs.newBuilder()
                .setDatasetId("d").setHeight(25).setLimit(1).setStartAfterSeq(1).build()), GrantsAtResult.parser());
        assertEquals(2, next.getGrants(0).getSeq());
    }

    private java.util.List<String> readersAt(long height) {
        GrantsAtResult result = ok(chain.ask(BOB, "authorisation", "grants_at", GrantsAtArgs.newBuilder()
                .setDatasetId("d").setHeight(height).setRight(Right.RIGHT_READ).build()), GrantsAtResult.parser());
        return result.getGrantsList().stream()
                .map(g -> g.getGrantee().hasIdentity() ? g.getGrantee().getIdentity() : "org:" + g.getGrantee().getOrganisation())
                .toList();
    }
}
