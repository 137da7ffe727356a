package io.meshledger.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.meshledger.contracts.publication.PublicationLimits;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.proto.v1.CreateDatasetArgs;
import io.meshledger.proto.v1.GrantArgs;
import io.meshledger.proto.v1.Grantee;
import io.meshledger.proto.v1.PublishArgs;
import io.meshledger.proto.v1.Right;
import io.meshledger.proto.v1.Visibility;
import java.nio.charset.StandardCharsets;

/**
 * Test driver over {@link MemoryLedger} with the system contracts installed:
 * a current block height, generated transaction ids, and argument builders.
 */
final class Chain {
    static final int PAYLOAD_LIMIT = 1024;
    static final Caller ALICE = new Caller("a1", "org1", "alice", false);
    static final Caller BOB = new Caller("b1", "org2", "bob", false);
    static final Caller CAROL = new Caller("c1", "org2", "carol", false);
    static final Caller ORG1_ADMIN = new Caller("ad1", "org1", "admin", true);
    static final Caller ORG2_ADMIN = new Caller("ad2", "org2", "admin", true);

    final MemoryLedger ledger = new MemoryLedger(SystemContracts.create(new PublicationLimits(PAYLOAD_LIMIT)));
    private long height = 1;
    private int txCount;

    Chain at(long newHeight) {
        this.height = newHeight;
        return this;
    }

    long height() {
        return height;
    }

    MemoryLedger.Outcome exec(Caller caller, String contract, String method, Message args) {
        return exec(caller, contract, method, args.toByteArray());
    }

    MemoryLedger.Outcome exec(Caller caller, String contract, String method, byte[] args) {
        txCount++;
        return ledger.execute(caller, height, 1_700_000_000_000L + height * 1000, String.format("tx%04d", txCount),
                contract, method, args);
    }

    MemoryLedger.Outcome ask(Caller caller, String contract, String method, Message args) {
        return ledger.query(caller, height, contract, method, args.toByteArray());
    }

    // ------------------------------------------------------------- argument builders

    static CreateDatasetArgs dataset(String id, Visibility visibility, String schema) {
        return CreateDatasetArgs.newBuilder().setDatasetId(id).setVisibility(visibility).setJsonSchema(schema).build();
    }

    static PublishArgs.Builder publish(String dataset, String record, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return PublishArgs.newBuilder()
                .setDatasetId(dataset)
                .setRecordId(record)
                .setPayload(ByteString.copyFrom(bytes))
                .setContentHash(ByteString.copyFrom(Hashing.sha256(bytes).toArray()));
    }

    static GrantArgs grantTo(String dataset, Caller who, Right right) {
        return GrantArgs.newBuilder()
                .setDatasetId(dataset)
                .setGrantee(Grantee.newBuilder().setIdentity(who.qualifiedName()))
                .setRight(right)
                .build();
    }

    static GrantArgs grantToOrg(String dataset, String org, Right right) {
        return GrantArgs.newBuilder()
                .setDatasetId(dataset)
                .setGrantee(Grantee.newBuilder().setOrganisation(org))
                .setRight(right)
                .build();
    }

    // ------------------------------------------------------------- assertions

    static <T> T ok(MemoryLedger.Outcome outcome, Parser<T> parser) {
        assertTrue(outcome.ok(), () -> "expected success, got " + outcome.failureCode() + ": " + outcome.message());
        try {
            return parser.parseFrom(outcome.result());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("result does not decode", e);
        }
    }

    static void fails(String code, MemoryLedger.Outcome outcome) {
        assertEquals(code, outcome.failureCode(), () -> "message: " + outcome.message());
    }
}
