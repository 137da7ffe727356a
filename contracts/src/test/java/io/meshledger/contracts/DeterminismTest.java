package io.meshledger.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.meshledger.proto.v1.AttestArgs;
import io.meshledger.proto.v1.AttestIdentityArgs;
import io.meshledger.proto.v1.MetadataEntry;
import io.meshledger.proto.v1.Right;
import io.meshledger.proto.v1.TombstoneArgs;
import io.meshledger.proto.v1.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same sequence of invocations yields byte-identical state, events, results
 * and failure messages: on two fresh ledgers, and with a different default
 * locale (failure messages land in receipts, so they must not follow the node's locale).
 */
class DeterminismTest {
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":0}}}";
    private static final List<Caller> CALLERS = List.of(Chain.ALICE, Chain.BOB, Chain.CAROL, Chain.ORG1_ADMIN, Chain.ORG2_ADMIN);

    /** Everything observable about one run. */
    private record Run(byte[] state, byte[] events, List<String> outcomes) {
    }

    static LongStream seeds() {
        return LongStream.range(100, 120);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void two_runs_of_the_same_invocations_are_byte_identical(long seed) {
        Run first = run(seed);
        Locale saved = Locale.getDefault();
        Run second;
        try {
            Locale.setDefault(Locale.GERMANY);
            second = run(seed);
        } finally {
            Locale.setDefault(saved);
        }
        assertArrayEquals(first.state(), second.state());
        assertArrayEquals(first.events(), second.events());
        assertEquals(first.outcomes(), second.outcomes());
        assertTrue(first.outcomes().stream().anyMatch(o -> o.startsWith("ok")), "the sequence does something");
    }

    private static Run run(long seed) {
        Random random = new Random(seed);
        Chain chain = new Chain();
        List<String> outcomes = new ArrayList<>();
        List<String> datasets = List.of("d0", "d1", "d2");
        long height = 1;
        for (int step = 0; step < 120; step++) {
            height += random.nextInt(2);
            chain.at(height);
            Caller caller = CALLERS.get(random.nextInt(CALLERS.size()));
            String dataset = datasets.get(random.nextInt(datasets.size()));
            String record = "r" + random.nextInt(4);
            MemoryLedger.Outcome outcome = switch (random.nextInt(8)) {
                case 0 -> chain.exec(caller, "publication", "create_dataset", Chain.dataset(dataset,
                        random.nextBoolean() ? Visibility.VISIBILITY_PUBLIC : Visibility.VISIBILITY_RESTRICTED,
                        random.nextBoolean() ? SCHEMA : ""));
                case 1, 2 -> chain.exec(caller, "publication", "publish", Chain.publish(dataset, record,
                                random.nextInt(5) == 0 ? "{\"n\":-1}" : "{\"n\":" + random.nextInt(100) + "}")
                        .addMetadata(MetadataEntry.newBuilder().setKey("step").setValue(Integer.toString(step)))
                        .setValidUntilHeight(height + random.nextInt(3) - 1)
                        .build());
                case 3 -> chain.exec(caller, "publication", "tombstone",
                        TombstoneArgs.newBuilder().setDatasetId(dataset).setRecordId(record).build());
                case 4 -> chain.exec(caller, "authorisation",
                        random.nextBoolean() ? "grant" : "revoke",
                        Chain.grantTo(dataset, CALLERS.get(random.nextInt(CALLERS.size())), Right.forNumber(1 + random.nextInt(3))));
                case 5 -> chain.exec(caller, "authorisation", "grant",
                        Chain.grantToOrg(dataset, "org" + (1 + random.nextInt(2)), Right.forNumber(1 + random.nextInt(3))));
                case 6 -> chain.exec(caller, "attestation", "attest", AttestArgs.newBuilder()
                        .setHash(ByteString.copyFrom(new byte[] {(byte) random.nextInt(3)}).concat(ByteString.copyFrom(new byte[31])))
                        .setClaim("claim " + step).build());
                default -> chain.exec(caller, "attestation", "attest_identity", AttestIdentityArgs.newBuilder()
                        .setSubject("org" + (1 + random.nextInt(2)) + "/user" + random.nextInt(3)).setClaim("member").build());
            };
            outcomes.add(outcome.ok() ? "ok " + ByteString.copyFrom(outcome.result()).toStringUtf8().hashCode()
                    : outcome.failureCode() + " " + outcome.message());
        }
        return new Run(chain.ledger.stateBytes(), chain.ledger.eventBytes(), outcomes);
    }
}
