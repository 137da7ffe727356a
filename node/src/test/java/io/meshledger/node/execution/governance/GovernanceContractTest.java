package io.meshledger.node.execution.governance;

import com.google.protobuf.ByteString;
import io.meshledger.contracts.Caller;
import io.meshledger.contracts.ContractException;
import io.meshledger.contracts.FailureCodes;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.node.execution.ContractCompiler;
import io.meshledger.node.execution.FakeContext;
import io.meshledger.node.execution.InMemoryState;
import io.meshledger.proto.v1.ApproveArgs;
import io.meshledger.proto.v1.ApproveResult;
import io.meshledger.proto.v1.ContractChangeKind;
import io.meshledger.proto.v1.ProposeArgs;
import io.meshledger.proto.v1.ProposeResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GovernanceContractTest {
    private static final Caller ADMIN1 = new Caller("a1", "org1", "admin", true);
    private static final Caller ADMIN1_BIS = new Caller("a1b", "org1", "second-admin", true);
    private static final Caller ADMIN2 = new Caller("a2", "org2", "admin", true);
    private static final Caller ADMIN3 = new Caller("a3", "org3", "admin", true);
    private static final Caller USER1 = new Caller("u1", "org1", "user", false);
    private static final Caller OUTSIDER = new Caller("x", "org9", "admin", true);

    private static final byte[] V1 = jar("1");
    private static final byte[] V2 = jar("2");

    private final GovernanceContract governance = new GovernanceContract(List.of("org1", "org2", "org3"));
    private final InMemoryState state = new InMemoryState();

    @Test
    void aNonAdminOrAnOutsiderMayNotPropose() {
        assertEquals(FailureCodes.PERMISSION_DENIED, failure(USER1, "propose", propose("counter", V1, true)));
        assertEquals(FailureCodes.PERMISSION_DENIED, failure(OUTSIDER, "propose", propose("counter", V1, true)));
        assertEquals(0, state.size());
    }

    @Test
    void rejectedBytecodeFailsWithContractRejectedNamingTheReference() {
        byte[] clock = ContractCompiler.jar("evil.Clock", """
                package evil;
                import io.meshledger.contracts.*;
                public class Clock implements Contract {
                    public byte[] invoke(ContractContext ctx, String method, byte[] args) {
                        return new byte[] {(byte) System.currentTimeMillis()};
                    }
                }
                """);
        ContractException e = assertThrows(ContractException.class,
                () -> run(ADMIN1, "propose", propose("clock", clock, true)));
        assertEquals(FailureCodes.CONTRACT_REJECTED, e.code());
        assertTrue(e.getMessage().contains("evil.Clock.invoke calls java/lang/System.currentTimeMillis()J"),
                e.getMessage());
    }

    @Test
    void aDeploymentTakesEffectOnlyOnceAMajorityOfOrganisationsApproved() throws Exception {
        FakeContext proposing = context(ADMIN1);
        long id = ProposeResult.parseFrom(governance.invoke(proposing, "propose", propose("counter", V1, true)))
                .getProposalId();
        assertEquals(List.of("ProposalCreated"), proposing.eventTypes());
        assertTrue(DeployedContracts.active(state, "counter").isEmpty(), "1 of 3 organisations is not a majority");

        FakeContext approving = context(ADMIN2);
        ApproveResult result = ApproveResult.parseFrom(governance.invoke(approving, "approve", approve(id)));
        assertTrue(result.getEnacted());
        assertEquals(List.of("ProposalApproved", "ContractDeployed"), approving.eventTypes());
        DeployedCode code = DeployedContracts.active(state, "counter").orElseThrow();
        assertEquals(1, code.version());
        assertEquals(Hashing.sha256(V1), code.codeHash());
        assertArrayEquals(V1, code.jar().toArray());
    }

    @Test
    void approvalsFromAdminsOfTheSameOrganisationCountOnce() throws Exception {
        long id = proposeDeploy(ADMIN1);
        ApproveResult again = ApproveResult.parseFrom(run(ADMIN1_BIS, "approve", approve(id)));
        assertFalse(again.getEnacted());
        assertEquals(1, again.getApprovals());
        assertTrue(DeployedContracts.active(state, "counter").isEmpty());
    }

    @Test
    void aNonAdminMayNotApprove() {
        long id = proposeDeploy(ADMIN1);
        assertEquals(FailureCodes.PERMISSION_DENIED, failure(new Caller("u2", "org2", "user", false), "approve",
                approve(id)));
    }

    @Test
    void anUpgradeReplacesTheCodeAndRaisesTheVersion() throws Exception {
        run(ADMIN2, "approve", approve(proposeDeploy(ADMIN1)));
        FakeContext upgrading = context(ADMIN3);
        long upgrade = ProposeResult.parseFrom(governance.invoke(upgrading, "propose", propose("counter", V2, false)))
                .getProposalId();
        assertEquals(1, DeployedContracts.active(state, "counter").orElseThrow().version());
        FakeContext approving = context(ADMIN1);
        governance.invoke(approving, "approve", approve(upgrade));
        assertEquals(List.of("ProposalApproved", "ContractUpgraded"), approving.eventTypes());
        DeployedCode code = DeployedContracts.active(state, "counter").orElseThrow();
        assertEquals(2, code.version());
        assertEquals(Hashing.sha256(V2), code.codeHash());
    }

    @Test
    void deployingATakenNameOrUpgradingAMissingOneFails() throws Exception {
        assertEquals(FailureCodes.NOT_FOUND, failure(ADMIN1, "propose", propose("counter", V1, false)));
        run(ADMIN2, "approve", approve(proposeDeploy(ADMIN1)));
        assertEquals(FailureCodes.ALREADY_EXISTS, failure(ADMIN1, "propose", propose("counter", V2, true)));
    }

    @Test
    void anEnactedProposalCannotBeApprovedAgainAndAMissingOneIsNotFound() throws Exception {
        long id = proposeDeploy(ADMIN1);
        run(ADMIN2, "approve", approve(id));
        assertEquals(FailureCodes.INVALID_ARGUMENT, failure(ADMIN3, "approve", approve(id)));
        assertEquals(FailureCodes.NOT_FOUND, failure(ADMIN3, "approve", approve(99)));
    }

    @Test
    void reservedAndMalformedNamesAndUndecodableArgumentsAreInvalid() {
        assertEquals(FailureCodes.INVALID_ARGUMENT, failure(ADMIN1, "propose", propose("governance", V1, true)));
        assertEquals(FailureCodes.INVALID_ARGUMENT, failure(ADMIN1, "propose", propose("Bad Name", V1, true)));
        assertEquals(FailureCodes.INVALID_ARGUMENT, failure(ADMIN1, "propose", new byte[]{(byte) 0xff}));
        assertEquals(FailureCodes.UNKNOWN_METHOD, failure(ADMIN1, "vote", new byte[0]));
    }

    @Test
    void aSingleOrganisationConsortiumEnactsOnProposal() throws Exception {
        GovernanceContract solo = new GovernanceContract(List.of("org1"));
        ProposeResult result = ProposeResult.parseFrom(solo.invoke(context(ADMIN1), "propose", propose("counter", V1, true)));
        assertTrue(result.getEnacted());
        assertTrue(DeployedContracts.active(state, "counter").isPresent());
    }

    private long proposeDeploy(Caller caller) {
        try {
            return ProposeResult.parseFrom(run(caller, "propose", propose("counter", V1, true))).getProposalId();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private byte[] run(Caller caller, String method, byte[] args) {
        return governance.invoke(context(caller), method, args);
    }

    private String failure(Caller caller, String method, byte[] args) {
        return assertThrows(ContractException.class, () -> run(caller, method, args)).code();
    }

    private FakeContext context(Caller caller) {
        return new FakeContext(caller, 10, state);
    }

    private static byte[] propose(String name, byte[] jar, boolean deploy) {
        return ProposeArgs.newBuilder()
                .setContractName(name)
                .setKind(deploy ? ContractChangeKind.CONTRACT_CHANGE_KIND_DEPLOY : ContractChangeKind.CONTRACT_CHANGE_KIND_UPGRADE)
                .setJar(ByteString.copyFrom(jar))
                .build().toByteArray();
    }

    private static byte[] approve(long id) {
        return ApproveArgs.newBuilder().setProposalId(id).build().toByteArray();
    }

    private static byte[] jar(String result) {
        return ContractCompiler.jar("good.Echo", """
                package good;
                import io.meshledger.contracts.*;
                public final class Echo implements Contract {
                    public byte[] invoke(ContractContext ctx, String method, byte[] args) {
                        return new byte[] {%s};
                    }
                }
                """.formatted(result));
    }
}
