package io.meshledger.contracts;

import static io.meshledger.contracts.Chain.ALICE;
import static io.meshledger.contracts.Chain.BOB;
import static io.meshledger.contracts.Chain.CAROL;
import static io.meshledger.contracts.Chain.fails;
import static io.meshledger.contracts.Chain.ok;
import static io.meshledger.contracts.Chain.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.meshledger.contracts.publication.PublicationKeys;
import io.meshledger.proto.v1.Dataset;
import io.meshledger.proto.v1.DatasetCreated;
import io.meshledger.proto.v1.GetDatasetArgs;
import io.meshledger.proto.v1.GetRecordArgs;
import io.meshledger.proto.v1.HistoryArgs;
import io.meshledger.proto.v1.MetadataEntry;
import io.meshledger.proto.v1.RecordHistory;
import io.meshledger.proto.v1.RecordPublished;
import io.meshledger.proto.v1.RecordRef;
import io.meshledger.proto.v1.RecordTombstoned;
import io.meshledger.proto.v1.RecordVersion;
import io.meshledger.proto.v1.TombstoneArgs;
import io.meshledger.proto.v1.Visibility;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicationContractTest {
    private static final String SCHEMA = """
            {"type":"object","required":["temp"],"properties":{"temp":{"type":"number","maximum":100}},
             "additionalProperties":false}""";

    private final Chain chain = new Chain();

    private void aliceCreates(String id, Visibility visibility, String schema) {
        ok(chain.exec(ALICE, "publication", "create_dataset", Chain.dataset(id, visibility, schema)), Dataset.parser());
    }

    @Test
    void creating_a_dataset_records_the_caller_as_owner_and_emits_DatasetCreated() {
        chain.at(7);
        Dataset created = ok(chain.exec(ALICE, "publication", "create_dataset",
                Chain.dataset("weather", Visibility.VISIBILITY_PUBLIC, SCHEMA).toBuilder()
                        .setDescription("readings")
                        .addMetadata(MetadataEntry.newBuilder().setKey("unit").setValue("C"))
                        .build()), Dataset.parser());
        assertEquals("org1", created.getOwner().getOrg());
        assertEquals("alice", created.getOwner().getName());
        assertEquals(7, created.getCreatedHeight());
        assertEquals("tx0001", created.getCreatedTxId());
        MemoryLedger.Event event = chain.ledger.events().getLast();
        assertEquals("DatasetCreated", event.type());
        assertEquals("weather", event.keyText());
        assertEquals(created, ok(new MemoryLedger.Outcome(event.data(), null, null, null), DatasetCreated.parser()).getDataset());
        Dataset read = ok(chain.ask(BOB, "publication", "get_dataset", GetDatasetArgs.newBuilder().setDatasetId("weather").build()),
                Dataset.parser());
        assertEquals(created, read);
    }

    @Test
    void a_second_dataset_with_the_same_id_is_refused() {
        aliceCreates("d", Visibility.VISIBILITY_PUBLIC, "");
        fails(FailureCodes.ALREADY_EXISTS, chain.exec(BOB, "publication", "create_dataset",
                Chain.dataset("d", Visibility.VISIBILITY_RESTRICTED, "")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has/slash", "has space", "-leading-dash", "ünïcode"})
    void dataset_ids_outside_the_charset_are_invalid(String id) {
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "publication", "create_dataset",
                Chain.dataset(id, Visibility.VISIBILITY_PUBLIC, "")));
    }

    @Test
    void an_overlong_dataset_id_and_a_missing_visibility_are_invalid() {
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "publication", "create_dataset",
                Chain.dataset("x".repeat(129), Visibility.VISIBILITY_PUBLIC, "")));
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "publication", "create_dataset",
                Chain.dataset("ok", Visibility.VISIBILITY_UNSPECIFIED, "")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "{\"type\": 12}",
        "{\"type\":\"object\",\"type\":\"array\"}",
        "[1,2]",
        "{\"$ref\":\"https://example.com/remote.json\"}",
        "{\"properties\":{\"a\":{\"$ref\":\"other.json#/x\"}}}",
        "{\"$id\":\"https://example.com/s\",\"type\":\"object\"}",
        "{\"$schema\":\"https://example.com/my-dialect\"}",
        "{\"minimum\":\"ten\"}",
        "{\"$ref\":\"#/nowhere\"}",
        "{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/a\"}},\"$ref\":\"#/$defs/a\"}"
    })
    void schemas_that_are_invalid_or_reach_outside_are_refused(String schema) {
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "publication", "create_dataset",
                Chain.dataset("s", Visibility.VISIBILITY_PUBLIC, schema)));
    }

    @Test
    void local_references_and_draft_07_schemas_are_accepted() {
        aliceCreates("a", Visibility.VISIBILITY_PUBLIC,
                "{\"$defs\":{\"t\":{\"type\":\"integer\"}},\"properties\":{\"n\":{\"$ref\":\"#/$defs/t\"}}}");
        aliceCreates("b", Visibility.VISIBILITY_PUBLIC,
                "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"array\"}");
        ok(chain.exec(ALICE, "publication", "publish", publish("a", "r", "{\"n\":3}").build()), RecordRef.parser());
        fails(FailureCodes.SCHEMA_VIOLATION, chain.exec(ALICE, "publication", "publish", publish("a", "r", "{\"n\":3.5}").build()));
        fails(FailureCodes.SCHEMA_VIOLATION, chain.exec(ALICE, "publication", "publish", publish("b", "r", "{}").build()));
    }

    @Test
    void schemas_nested_deeper_than_the_limit_are_refused() {
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "publication", "create_dataset", Chain.dataset("deep",
                Visibility.VISIBILITY_PUBLIC, "{\"items\":" + "[".repeat(70) + "]".repeat(70) + "}")));
    }

    @Test
    void a_reference_cycle_reached_only_by_some_payloads_fails_those_payloads_deterministically() {
        aliceCreates("cyc", Visibility.VISIBILITY_PUBLIC,
                "{\"properties\":{\"a\":{\"$ref\":\"#/$defs/x\"}},\"$defs\":{\"x\":{\"$ref\":\"#/$defs/x\"}}}");
        ok(chain.exec(ALICE, "publication", "publish", publish("cyc", "r", "{\"b\":1}").build()), RecordRef.parser());
        MemoryLedger.Outcome endless = chain.exec(ALICE, "publication", "publish", publish("cyc", "r", "{\"a\":1}").build());
        fails(FailureCodes.SCHEMA_VIOLATION, endless);
        assertTrue(endless.message().contains("recurses"), endless.message());
    }

    @Test
    void schema_messages_are_english_whatever_the_default_locale() {
        aliceCreates("d", Visibility.VISIBILITY_PUBLIC, SCHEMA);
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.FRANCE);
            MemoryLedger.Outcome outcome = chain.exec(ALICE, "publication", "publish", publish("d", "r", "{\"temp\":\"hot\"}").build());
            assertEquals("payload violates the dataset schema: /temp string found, number expected", outcome.message());
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }

    @Test
    void publishing_stores_a_version_with_its_provenance_and_emits_RecordPublished() {
        aliceCreates("d", Visibility.VISIBILITY_PUBLIC, "");
        chain.at(5);
        RecordRef ref = ok(chain.exec(ALICE, "publication", "publish", publish("d", "r1", "hello")
                .addMetadata(MetadataEntry.newBuilder().setKey("b").setValue("2"))
                .addMetadata(MetadataEntry.newBuilder().setKey("a").setValue("1"))
                .build()), RecordRef.parser());
        assertEquals(1, ref.getVersion());
        RecordVersion v = ok(chain.ask(BOB, "publication", "get_record",
                GetRecordArgs.newBuilder().setDatasetId("d").setRecordId("r1").build()), RecordVersion.parser());
        assertEquals("hello", v.getPayload().toStringUtf8());
        assertEquals(5, v.getHeight());
        assertEquals("tx0002", v.getTxId());
        assertEquals("alice", v.getPublisher().getName());
        assertEquals(0, v.getSupersedesVersion());
        assertEquals("b", v.getMetadata(0).getKey(), "metadata keeps the given order");
        MemoryLedger.Event event = chain.ledger.events().getLast();
        assertEquals("RecordPublished", event.type());
        assertEquals("d/r1", event.keyText());
        RecordPublished body = ok(new MemoryLedger.Outcome(event.data(), null, null, null), RecordPublished.parser());
        assertEquals(5, body.getPayloadSize());
        assertEquals(v.getContentHash(), body.getContentHash());
    }

    @Test
    void a_hash_only_publication_without_payload_is_accepted_when_there_is_no_schema() {
        aliceCreates("d", Visibility.VISIBILITY_PUBLIC, "");
        ok(chain.exec(ALICE, "publication", "publish", publish("d", "r", "x").clearPayload().build()), RecordRef.parser());
    }

    @Test
    void publishing_again_supersedes_and_keeps_every_version_readable() {
        aliceCreates("d", Visibility.VISIBILITY_PUBLIC, "");
        for (int i = 1; i <= 3; i++) {
            chain.at(10 + i);
            assertEquals(i, ok(chain.exec(ALICE, "publication", "publish", publish("d", "r", "v" + i).build()),
                    RecordRef.parser()).getVersion());
        }
        for (int i = 1; i <= 3; i++) {
            RecordVersion v = ok(chain.ask(BOB, "publication", "get_record",
                    GetRecordArgs.newBuilder().setDatasetId("d").setRecordId("r").setVersion(i).build()), RecordVersion.parser());
            assertEquals("v" + i, v.getPayload().toStringUtf8());
            assertEquals(i - 1, v.getSupersedesVersion());
        }
        fails(FailureCodes.NOT_FOUND, chain.ask(BOB, "publication", "get_record",
                GetRecordArgs.newBuilder().setDatasetId("d").setRecordId("r").setVersion(4).build()));
        fails(FailureCodes.NOT_FOUND, chain.ask(BOB, "publication", "get_record",
                GetRecordArgs.newBuilder().setDatasetId("d").setRecordId("nope").build()));
    }

    @Test
    void a_new_record_is_one_key_and_a_newer_version_moves_the_one_it_supersedes_into_history_unchanged() {
        aliceCreates("d", Visibility.VISIBILITY_PUBLIC, "");
        int before = chain.ledger.keyCount("publication");
        ok(chain.exec(ALICE, "publication", "publish", publish("d", "r", "v1").build()), RecordRef.parser());
        assertEquals(before + 1, chain.ledger.keyCount("publication"), "a new record is its latest version only");
        GetRecordArgs latestArgs = GetRecordArgs.newBuilder().setDatasetId("d").setRecordId("r").build();
        RecordVersion first = ok(chain.ask(BOB, "publication", "get_record", latestArgs), RecordVersion.parser());
        assertEquals(1, first.getVersion());

        chain.at(2);
        ok(chain.exec(ALICE, "publication", "publish", publish("d", "r", "v2").build()), RecordRef.parser());
        assertEquals(before + 2, chain.ledger.keyCount("publication"), "version 1 now has a key of its own");
        assertEquals(first, ok(chain.ask(BOB, "publication", "get_record", latestArgs.toBuilder().setVersion(1).build()),
                RecordVersion.parser()), "the superseded version is kept as it was");
        RecordVersion second = ok(chain.ask(BOB, "publication", "get_record", latestArgs), RecordVersion.parser());
        assertEquals(2, second.getVersion());
        assertEquals(1, second.getSupersedesVersion());
        assertEquals(second, ok(chain.ask(BOB, "publication", "get_record", latestArgs.toBuilder().setVersion(2).build()),
                RecordVersion.parser()), "the latest version is also readable by its number");
        fails(FailureCodes.NOT_FOUND, chain.ask(BOB, "publication", "get_record",
                latestArgs.toBuilder().setVersion(3).build()));
    }

    @Test
    void history_pages_through_versions_oldest_first() {
        aliceCreates("d", Visibility.VISIBILITY_PUBLIC, "");
        for (int i = 1; i <= 5; i++) {
            ok(chain.exec(ALICE, "publication", "publish", publish("d", "r", "v" + i).build()), RecordRef.parser());
        }
        ok(chain.exec(ALICE, "publication", "publish", publish("d", "r-other", "x").build()), RecordRef.parser());
        RecordHistory first = ok(chain.ask(BOB, "publication", "history",
                HistoryArgs.newBuilder().setDatasetId("d").setRecordId("r").setLimit(2).build()), RecordHistory.parser());
        assertEquals(2, first.getVersionsCount());
        assertEquals(2, first.getNextStartAfterVersion());
        RecordHistory rest = ok(chain.ask(BOB, "publication", "history", HistoryArgs.newBuilder()
                .setDatasetId("d").setRecordId("r").setStartAfterVersion(2).setLimit(10).build()), RecordHistory.parser());
        assertEquals(3, rest.getVersionsCount());
        assertEquals(3, rest.getVersions(0).getVersion());
        assertEquals(5, rest.getVersions(2).getVersion());
        assertEquals(0, rest.getNextStartAfterVersion());
        fails(FailureCodes.NOT_FOUND, chain.ask(BOB, "publication", "history",
                HistoryArgs.newBuilder().setDatasetId("d").setRecordId("missing").build()));
    }

    @Test
    void a_content_hash_that_does_not_match_the_payload_or_is_not_32_bytes_is_invalid() {
        aliceCreates("d", Visibility.VISIBILITY_PUBLIC, "");
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "publication", "publish",
                publish("d", "r", "hello").setContentHash(ByteString.copyFrom(new byte[32])).build()));
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "publication", "publish",
                publish("d", "r", "hello").setContentHash(ByteString.copyFrom(new byte[31])).build()));
    }

    @Test
    void a_payload_over_the_configured_limit_is_too_large_and_at_the_limit_is_fine() {
        aliceCreates("d", Visibility.VISIBILITY_PUBLIC, "");
        fails(FailureCodes.PAYLOAD_TOO_LARGE, chain.exec(ALICE, "publication", "publish",
                publish("d", "r", "x".repeat(Chain.PAYLOAD_LIMIT + 1)).build()));
        ok(chain.exec(ALICE, "publication", "publish", publish("d", "r", "x".repeat(Chain.PAYLOAD_LIMIT)).build()),
                RecordRef.parser());
    }

    @Test
    void publishing_outside_the_validity_window_fails_and_inside_succeeds() {
        aliceCreates("d", Visibility.VISIBILITY_PUBLIC, "");
        chain.at(50);
        fails(FailureCodes.OUTSIDE_VALIDITY_WINDOW, chain.exec(ALICE, "publication", "publish",
                publish("d", "r", "x").setValidFromHeight(51).build()));
        fails(FailureCodes.OUTSIDE_VALIDITY_WINDOW, chain.exec(ALICE, "publication", "publish",
                publish("d", "r", "x").setValidUntilHeight(49).build()));
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "publication", "publish",
                publish("d", "r", "x").setValidFromHeight(60).setValidUntilHeight(40).build()));
        ok(chain.exec(ALICE, "publication", "publish",
                publish("d", "r", "x").setValidFromHeight(50).setValidUntilHeight(50).build()), RecordRef.parser());
        RecordVersion v = ok(chain.ask(ALICE, "publication", "get_record",
                GetRecordArgs.newBuilder().setDatasetId("d").setRecordId("r").build()), RecordVersion.parser());
        assertTrue(v.hasValidFromHeight());
        assertEquals(50, v.getValidUntilHeight());
    }

    @Test
    void payloads_are_checked_against_the_dataset_schema_with_the_validators_message() {
        aliceCreates("d", Visibility.VISIBILITY_PUBLIC, SCHEMA);
        ok(chain.exec(ALICE, "publication", "publish", publish("d", "r", "{\"temp\": 21.5}").build()), RecordRef.parser());
        MemoryLedger.Outcome tooHot = chain.exec(ALICE, "publication", "publish", publish("d", "r", "{\"temp\": 101}").build());
        fails(FailureCodes.SCHEMA_VIOLATION, tooHot);
        assertTrue(tooHot.message().contains("/temp"), tooHot.message());
        fails(FailureCodes.SCHEMA_VIOLATION, chain.exec(ALICE, "publication", "publish", publish("d", "r", "not json").build()));
        fails(FailureCodes.SCHEMA_VIOLATION, chain.exec(ALICE, "publication", "publish",
                publish("d", "r", "{\"temp\":1,\"temp\":2}").build()));
        fails(FailureCodes.SCHEMA_VIOLATION, chain.exec(ALICE, "publication", "publish",
                publish("d", "r", "x").clearPayload().build()));
    }

    @Test
    void tombstoning_adds_a_deletion_version_and_a_record_can_be_published_again_afterwards() {
        aliceCreates("d", Visibility.VISIBILITY_PUBLIC, "");
        ok(chain.exec(ALICE, "publication", "publish", publish("d", "r", "one").build()), RecordRef.parser());
        RecordRef ref = ok(chain.exec(ALICE, "publication", "tombstone",
                TombstoneArgs.newBuilder().setDatasetId("d").setRecordId("r").setReason("retracted").build()), RecordRef.parser());
        assertEquals(2, ref.getVersion());
        MemoryLedger.Event event = chain.ledger.events().getLast();
        assertEquals("RecordTombstoned", event.type());
        assertEquals("d/r", event.keyText());
        assertEquals("retracted", ok(new MemoryLedger.Outcome(event.data(), null, null, null), RecordTombstoned.parser()).getReason());
        RecordVersion latest = ok(chain.ask(BOB, "publication", "get_record",
                GetRecordArgs.newBuilder().setDatasetId("d").setRecordId("r").build()), RecordVersion.parser());
        assertTrue(latest.getTombstone());
        assertEquals(1, latest.getSupersedesVersion());
        assertEquals("one", ok(chain.ask(BOB, "publication", "get_record",
                GetRecordArgs.newBuilder().setDatasetId("d").setRecordId("r").setVersion(1).build()), RecordVersion.parser())
                .getPayload().toStringUtf8(), "the data stays readable");
        fails(FailureCodes.NOT_FOUND, chain.exec(ALICE, "publication", "tombstone",
                TombstoneArgs.newBuilder().setDatasetId("d").setRecordId("r").build()));
        fails(FailureCodes.NOT_FOUND, chain.exec(ALICE, "publication", "tombstone",
                TombstoneArgs.newBuilder().setDatasetId("d").setRecordId("never").build()));
        RecordVersion revived = ok(chain.ask(BOB, "publication", "get_record", GetRecordArgs.newBuilder()
                .setDatasetId("d").setRecordId("r").setVersion(ok(chain.exec(ALICE, "publication", "publish",
                        publish("d", "r", "two").build()), RecordRef.parser()).getVersion()).build()), RecordVersion.parser());
        assertFalse(revived.getTombstone());
        assertEquals(2, revived.getSupersedesVersion());
    }

    @Test
    void non_owners_without_a_grant_may_neither_publish_nor_tombstone() {
        aliceCreates("d", Visibility.VISIBILITY_PUBLIC, "");
        ok(chain.exec(ALICE, "publication", "publish", publish("d", "r", "x").build()), RecordRef.parser());
        fails(FailureCodes.PERMISSION_DENIED, chain.exec(BOB, "publication", "publish", publish("d", "r", "y").build()));
        fails(FailureCodes.PERMISSION_DENIED, chain.exec(BOB, "publication", "tombstone",
                TombstoneArgs.newBuilder().setDatasetId("d").setRecordId("r").build()));
    }

    @Test
    void publishing_to_an_unknown_dataset_is_not_found() {
        fails(FailureCodes.NOT_FOUND, chain.exec(ALICE, "publication", "publish", publish("nope", "r", "x").build()));
        fails(FailureCodes.NOT_FOUND, chain.ask(ALICE, "publication", "get_dataset",
                GetDatasetArgs.newBuilder().setDatasetId("nope").build()));
    }

    @Test
    void records_of_a_restricted_dataset_are_hidden_from_non_grantees_but_its_description_is_not() {
        aliceCreates("secret", Visibility.VISIBILITY_RESTRICTED, "");
        ok(chain.exec(ALICE, "publication", "publish", publish("secret", "r", "x").build()), RecordRef.parser());
        fails(FailureCodes.PERMISSION_DENIED, chain.ask(BOB, "publication", "get_record",
                GetRecordArgs.newBuilder().setDatasetId("secret").setRecordId("r").build()));
        fails(FailureCodes.PERMISSION_DENIED, chain.ask(BOB, "publication", "history",
                HistoryArgs.newBuilder().setDatasetId("secret").setRecordId("r").build()));
        ok(chain.ask(BOB, "publication", "get_dataset", GetDatasetArgs.newBuilder().setDatasetId("secret").build()), Dataset.parser());
        ok(chain.ask(ALICE, "publication", "get_record",
                GetRecordArgs.newBuilder().setDatasetId("secret").setRecordId("r").build()), RecordVersion.parser());
    }

    @Test
    void invalid_metadata_is_refused() {
        aliceCreates("d", Visibility.VISIBILITY_PUBLIC, "");
        MetadataEntry entry = MetadataEntry.newBuilder().setKey("k").setValue("v").build();
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "publication", "publish",
                publish("d", "r", "x").addMetadata(entry).addMetadata(entry).build()));
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "publication", "publish",
                publish("d", "r", "x").addMetadata(MetadataEntry.newBuilder().setValue("no key")).build()));
    }

    @Test
    void writes_are_refused_in_read_only_calls_and_unknown_methods_and_garbage_arguments_fail_with_codes() {
        fails(FailureCodes.READ_ONLY, chain.ask(ALICE, "publication", "create_dataset",
                Chain.dataset("d", Visibility.VISIBILITY_PUBLIC, "")));
        fails(FailureCodes.UNKNOWN_METHOD, chain.exec(ALICE, "publication", "drop_everything", new byte[0]));
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff};
        for (String method : new String[] {"create_dataset", "publish", "tombstone", "get_dataset", "get_record", "history"}) {
            fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "publication", method, garbage));
        }
        // A string field holding invalid UTF-8 (field 1, length 1, byte 0xC3) is undecodable too.
        fails(FailureCodes.INVALID_ARGUMENT, chain.exec(ALICE, "publication", "create_dataset", new byte[] {0x0a, 0x01, (byte) 0xc3}));
    }

    @Test
    void a_failed_publication_leaves_no_state_and_no_event() {
        aliceCreates("d", Visibility.VISIBILITY_PUBLIC, SCHEMA);
        int keys = chain.ledger.keyCount("publication");
        int events = chain.ledger.events().size();
        fails(FailureCodes.SCHEMA_VIOLATION, chain.exec(ALICE, "publication", "publish", publish("d", "r", "{}").build()));
        assertEquals(keys, chain.ledger.keyCount("publication"));
        assertEquals(events, chain.ledger.events().size());
    }

    @Test
    void version_keys_sort_numerically_past_255() {
        byte[] v255 = PublicationKeys.version("d", "r", 255);
        byte[] v256 = PublicationKeys.version("d", "r", 256);
        assertTrue(java.util.Arrays.compareUnsigned(v255, v256) < 0);
        assertEquals("rec/d/r/v/", new String(PublicationKeys.versionPrefix("d", "r"), StandardCharsets.UTF_8));
        assertEquals("rec/d/r/latest", new String(PublicationKeys.latest("d", "r"), StandardCharsets.UTF_8));
    }

    @Test
    void may_read_answers_the_get_record_rule_for_the_query_api() {
        aliceCreates("open", Visibility.VISIBILITY_PUBLIC, "");
        aliceCreates("closed", Visibility.VISIBILITY_RESTRICTED, "");
        assertTrue(mayRead(BOB, "open"));
        assertTrue(mayRead(BOB, "never-created"), "a dataset that does not exist hides nothing");
        assertFalse(mayRead(BOB, "closed"));
        assertTrue(mayRead(ALICE, "closed"), "the owner reads without a grant");
        ok(chain.exec(ALICE, "authorisation", "grant", Chain.grantTo("closed", BOB, io.meshledger.proto.v1.Right.RIGHT_READ)),
                io.meshledger.proto.v1.Grant.parser());
        assertTrue(mayRead(BOB, "closed"));
        assertFalse(mayRead(CAROL, "closed"));
        ok(chain.exec(ALICE, "authorisation", "revoke", Chain.grantTo("closed", BOB, io.meshledger.proto.v1.Right.RIGHT_READ)),
                io.meshledger.proto.v1.Grant.parser());
        assertFalse(mayRead(BOB, "closed"));
    }

    private boolean mayRead(Caller who, String dataset) {
        return ok(chain.ask(who, "publication", "may_read", GetDatasetArgs.newBuilder().setDatasetId(dataset).build()),
                io.meshledger.proto.v1.CheckResult.parser()).getAllowed();
    }
}
