package io.meshledger.contracts;

import static io.meshledger.contracts.Chain.ALICE;
import static io.meshledger.contracts.Chain.BOB;
import static io.meshledger.contracts.Chain.fails;
import static io.meshledger.contracts.Chain.grantTo;
import static io.meshledger.contracts.Chain.ok;
import static io.meshledger.contracts.Chain.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshledger.proto.v1.Dataset;
import io.meshledger.proto.v1.Grant;
import io.meshledger.proto.v1.GrantsAtArgs;
import io.meshledger.proto.v1.GrantsAtResult;
import io.meshledger.proto.v1.HistoryArgs;
import io.meshledger.proto.v1.RecordHistory;
import io.meshledger.proto.v1.RecordRef;
import io.meshledger.proto.v1.RecordVersion;
import io.meshledger.proto.v1.Right;
import io.meshledger.proto.v1.TombstoneArgs;
import io.meshledger.proto.v1.Visibility;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole life of a restricted dataset, as a consortium would live it. */
class StoryTest {
    private static final String SCHEMA = """
            {"type":"object","required":["station","temp"],
             "properties":{"station":{"type":"string"},"temp":{"type":"number"}}}""";

    private final Chain chain = new Chain();

    @Test
    void an_owner_shares_a_restricted_dataset_for_a_while_and_an_auditor_reconstructs_who_could_read_it() {
        chain.at(1);
        ok(chain.exec(ALICE, "publication", "create_dataset", Chain.dataset("weather", Visibility.VISIBILITY_RESTRICTED, SCHEMA)),
                Dataset.parser());
        for (int v = 1; v <= 3; v++) {
            chain.at(1 + v);
            ok(chain.exec(ALICE, "publication", "publish",
                    publish("weather", "oslo", "{\"station\":\"oslo\",\"temp\":" + v + "}").build()), RecordRef.parser());
        }

        chain.at(5);
        fails(FailureCodes.PERMISSION_DENIED, chain.exec(BOB, "publication", "publish",
                publish("weather", "oslo", "{\"station\":\"oslo\",\"temp\":9}").build()));

        chain.at(6);
        ok(chain.exec(ALICE, "authorisation", "grant", grantTo("weather", BOB, Right.RIGHT_WRITE)), Grant.parser());
        chain.at(7);
        RecordRef bobs = ok(chain.exec(BOB, "publication", "publish",
                publish("weather", "oslo", "{\"station\":\"oslo\",\"temp\":4}").build()), RecordRef.parser());
        assertEquals(4, bobs.getVersion());

        chain.at(8);
        fails(FailureCodes.SCHEMA_VIOLATION, chain.exec(BOB, "publication", "publish",
                publish("weather", "oslo", "{\"station\":\"oslo\"}").build()));
        fails(FailureCodes.OUTSIDE_VALIDITY_WINDOW, chain.exec(BOB, "publication", "publish",
                publish("weather", "oslo", "{\"station\":\"oslo\",\"temp\":5}").setValidUntilHeight(7).build()));

        chain.at(9);
        ok(chain.exec(ALICE, "authorisation", "revoke", grantTo("weather", BOB, Right.RIGHT_WRITE)), Grant.parser());
        chain.at(10);
        fails(FailureCodes.PERMISSION_DENIED, chain.exec(BOB, "publication", "publish",
                publish("weather", "oslo", "{\"station\":\"oslo\",\"temp\":6}").build()));

        chain.at(11);
        ok(chain.exec(ALICE, "publication", "tombstone",
                TombstoneArgs.newBuilder().setDatasetId("weather").setRecordId("oslo").setReason("sensor fault").build()),
                RecordRef.parser());

        RecordHistory history = ok(chain.ask(ALICE, "publication", "history",
                HistoryArgs.newBuilder().setDatasetId("weather").setRecordId("oslo").build()), RecordHistory.parser());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), history.getVersionsList().stream().map(RecordVersion::getVersion).toList());
        assertEquals(List.of("alice", "alice", "alice", "bob", "alice"),
                history.getVersionsList().stream().map(v -> v.getPublisher().getName()).toList());
        assertEquals(List.of(2L, 3L, 4L, 7L, 11L), history.getVersionsList().stream().map(RecordVersion::getHeight).toList());
        assertTrue(history.getVersions(4).getTombstone());
        assertFalse(history.getVersions(3).getTombstone());

        assertFalse(bobCouldReadAt(5));
        assertTrue(bobCouldReadAt(6));
        assertTrue(bobCouldReadAt(8));
        assertFalse(bobCouldReadAt(9));
        fails(FailureCodes.PERMISSION_DENIED, chain.ask(BOB, "publication", "history",
                HistoryArgs.newBuilder().setDatasetId("weather").setRecordId("oslo").build()));
    }

    private boolean bobCouldReadAt(long height) {
        GrantsAtResult result = ok(chain.ask(ALICE, "authorisation", "grants_at", GrantsAtArgs.newBuilder()
                .setDatasetId("weather").setHeight(height).setRight(Right.RIGHT_READ).build()), GrantsAtResult.parser());
        assertEquals("org1/alice", result.getOwner().getOrg() + "/" + result.getOwner().getName());
        return result.getGrantsList().stream().anyMatch(g -> g.getGrantee().getIdentity().equals(BOB.qualifiedName()));
    }
}
