package io.meshledger.contracts;

import static io.meshledger.contracts.Chain.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meshledger.proto.v1.CheckArgs;
import io.meshledger.proto.v1.CheckResult;
import io.meshledger.proto.v1.Dataset;
import io.meshledger.proto.v1.Grant;
import io.meshledger.proto.v1.GrantArgs;
import io.meshledger.proto.v1.Grantee;
import io.meshledger.proto.v1.GrantsAtArgs;
import io.meshledger.proto.v1.GrantsAtResult;
import io.meshledger.proto.v1.Identity;
import io.meshledger.proto.v1.Right;
import io.meshledger.proto.v1.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random grant and revoke sequences by random callers, checked step by step
 * against a naive model (a flat list of grants scanned in full), then every
 * past height checked through {@code grants_at}.
 */
class GrantModelPropertyTest {
    private static final Caller OWNER = Chain.ALICE;
    private static final List<Caller> CALLERS = List.of(OWNER, Chain.BOB, Chain.CAROL,
            new Caller("d1", "org3", "dave", false), new Caller("e1", "org1", "erin", false));
    private static final List<String> ORGS = List.of("org1", "org2", "org3");
    private static final List<Right> RIGHTS = List.of(Right.RIGHT_READ, Right.RIGHT_WRITE, Right.RIGHT_ADMIN);

    /** The model: every grant ever made, in order. */
    private record ModelGrant(long seq, String identity, String org, Right right, long granted, Long revoked) {
        boolean inForce(long height) {
            return granted <= height && (revoked == null || revoked > height);
        }

        boolean covers(Caller who) {
            return identity != null ? identity.equals(who.qualifiedName()) : org.equals(who.org());
        }

        boolean sameTarget(GrantArgs args) {
            Grantee g = args.getGrantee();
            return right == args.getRight()
                    && (g.hasIdentity() ? g.getIdentity().equals(identity) : g.getOrganisation().equals(org));
        }
    }

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void the_contract_agrees_with_a_naive_model_of_grants(long seed) {
        Random random = new Random(seed);
        Chain chain = new Chain();
        ok(chain.exec(OWNER, "publication", "create_dataset", Chain.dataset("d", Visibility.VISIBILITY_RESTRICTED, "")),
                Dataset.parser());
        List<ModelGrant> model = new ArrayList<>();
        long height = 1;
        for (int step = 0; step < 60; step++) {
            height += random.nextInt(2);
            chain.at(height);
            Caller caller = CALLERS.get(random.nextInt(CALLERS.size()));
            GrantArgs args = randomGrant(random);
            boolean grant = random.nextInt(3) > 0;
            String expected = expectedCode(model, caller, args, grant, height);
            MemoryLedger.Outcome outcome = chain.exec(caller, "authorisation", grant ? "grant" : "revoke", args);
            assertEquals(expected, outcome.failureCode(), () -> "seed " + seed + ": " + outcome.message());
            if (expected == null) {
                apply(model, args, grant, height);
            }
            Caller probe = CALLERS.get(random.nextInt(CALLERS.size()));
            Right right = RIGHTS.get(random.nextInt(RIGHTS.size()));
            CheckResult result = ok(chain.ask(Chain.BOB, "authorisation", "check", CheckArgs.newBuilder()
                    .setDatasetId("d")
                    .setIdentity(Identity.newBuilder().setOrg(probe.org()).setName(probe.name()))
                    .setRight(right)
                    .build()), CheckResult.parser());
            assertEquals(holds(model, probe, right, height), result.getAllowed(), "seed " + seed + " step " + step);
        }
        for (long h = 0; h <= height + 1; h++) {
            for (Right right : RIGHTS) {
                assertEquals(modelSeqsAt(model, h, right), contractSeqsAt(chain, h, right), "seed " + seed + " height " + h);
            }
        }
    }

    private static GrantArgs randomGrant(Random random) {
        Grantee.Builder grantee = Grantee.newBuilder();
        if (random.nextBoolean()) {
            grantee.setIdentity(CALLERS.get(random.nextInt(CALLERS.size())).qualifiedName());
        } else {
            grantee.setOrganisation(ORGS.get(random.nextInt(ORGS.size())));
        }
        return GrantArgs.newBuilder().setDatasetId("d").setGrantee(grantee).setRight(RIGHTS.get(random.nextInt(3))).build();
    }

    private static String expectedCode(List<ModelGrant> model, Caller caller, GrantArgs args, boolean grant, long height) {
        if (!holds(model, caller, Right.RIGHT_ADMIN, height)) {
            return FailureCodes.PERMISSION_DENIED;
        }
        boolean active = model.stream().anyMatch(g -> g.revoked() == null && g.sameTarget(args));
        if (grant) {
            return active ? FailureCodes.ALREADY_EXISTS : null;
        }
        return active ? null : FailureCodes.NOT_FOUND;
    }

    private static void apply(List<ModelGrant> model, GrantArgs args, boolean grant, long height) {
        if (grant) {
            Grantee g = args.getGrantee();
            model.add(new ModelGrant(model.size() + 1, g.hasIdentity() ? g.getIdentity() : null,
                    g.hasOrganisation() ? g.getOrganisation() : null, args.getRight(), height, null));
            return;
        }
        for (int i = 0; i < model.size(); i++) {
            ModelGrant g = model.get(i);
            if (g.revoked() == null && g.sameTarget(args)) {
                model.set(i, new ModelGrant(g.seq(), g.identity(), g.org(), g.right(), g.granted(), height));
            }
        }
    }

    /** Current rights: the owner holds all; a grant of a right holds it and every weaker one. */
    private static boolean holds(List<ModelGrant> model, Caller who, Right right, long height) {
        if (who.qualifiedName().equals(OWNER.qualifiedName())) {
            return true;
        }
        return model.stream().anyMatch(g -> g.revoked() == null && g.covers(who)
                && g.right().getNumber() >= right.getNumber());
    }

    private static TreeSet<Long> modelSeqsAt(List<ModelGrant> model, long height, Right right) {
        TreeSet<Long> seqs = new TreeSet<>();
        model.stream().filter(g -> g.inForce(height) && g.right().getNumber() >= right.getNumber()).forEach(g -> seqs.add(g.seq()));
        return seqs;
    }

    private static TreeSet<Long> contractSeqsAt(Chain chain, long height, Right right) {
        TreeSet<Long> seqs = new TreeSet<>();
        long after = 0;
        do {
            GrantsAtResult page = ok(chain.ask(Chain.BOB, "authorisation", "grants_at", GrantsAtArgs.newBuilder()
                    .setDatasetId("d").setHeight(height).setRight(right).setStartAfterSeq(after).setLimit(7).build()),
                    GrantsAtResult.parser());
            page.getGrantsList().stream().map(Grant::getSeq).forEach(seqs::add);
            after = page.getNextStartAfterSeq();
        } while (after != 0);
        return seqs;
    }
}
