package io.meshledger.node.execution.governance;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.meshledger.contracts.Caller;
import io.meshledger.contracts.Contract;
import io.meshledger.contracts.ContractContext;
import io.meshledger.contracts.ContractException;
import io.meshledger.contracts.FailureCodes;
import io.meshledger.contracts.StateView;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.node.execution.sandbox.BytecodeVerifier;
import io.meshledger.node.execution.sandbox.VerificationResult;
import io.meshledger.proto.v1.ApproveArgs;
import io.meshledger.proto.v1.ApproveResult;
import io.meshledger.proto.v1.ContractActivated;
import io.meshledger.proto.v1.ContractChangeKind;
import io.meshledger.proto.v1.ContractProposal;
import io.meshledger.proto.v1.DeployedContract;
import io.meshledger.proto.v1.ProposalNotice;
import io.meshledger.proto.v1.ProposalStatus;
import io.meshledger.proto.v1.ProposeArgs;
import io.meshledger.proto.v1.ProposeResult;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The {@code governance} system contract: deploys and upgrades user contracts
 * once a strict majority of member organisations approve.
 * <ul>
 *   <li>{@code propose(ProposeArgs) -> ProposeResult}: an organisation admin proposes
 *       code for a name; the bytecode must pass the {@link BytecodeVerifier}
 *       ({@code CONTRACT_REJECTED} with every violation otherwise); a deploy needs a
 *       free name, an upgrade a deployed one. Proposing counts as the proposer
 *       organisation's approval.</li>
 *   <li>{@code approve(ApproveArgs) -> ApproveResult}: an organisation admin approves;
 *       one vote per organisation (further admins of an organisation that already
 *       approved change nothing). When approvals reach a strict majority of the
 *       members, the code becomes active: {@link DeployedContracts#active} sees it
 *       from the next transaction on.</li>
 * </ul>
 * Events: {@code ProposalCreated}, {@code ProposalApproved} ({@code ProposalNotice}),
 * {@code ContractDeployed}, {@code ContractUpgraded} ({@code ContractActivated}).
 */
public final class GovernanceContract implements Contract {
    /** The name this system contract is addressed by. */
    public static final String NAME = "governance";
    /** Names of system contracts, which user contracts may not take. */
    public static final Set<String> RESERVED_NAMES = Set.of(NAME, "publication", "authorisation", "attestation");

    private static final Pattern CONTRACT_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    private final List<String> members;
    private final BytecodeVerifier verifier;

    /** @param memberOrgs the consortium's member organisations, from genesis */
    public GovernanceContract(List<String> memberOrgs) {
        this(memberOrgs, new BytecodeVerifier());
    }

    public GovernanceContract(List<String> memberOrgs, BytecodeVerifier verifier) {
        this.members = List.copyOf(new TreeSet<>(memberOrgs));
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        if (members.isEmpty()) {
            throw new IllegalArgumentException("governance needs at least one member organisation");
        }
    }

    @Override
    public byte[] invoke(ContractContext context, String method, byte[] args) {
        return switch (method) {
            case "propose" -> propose(context, decode(method, args, ProposeArgs.parser())).toByteArray();
            case "approve" -> approve(context, decode(method, args, ApproveArgs.parser())).toByteArray();
            default -> throw new ContractException(FailureCodes.UNKNOWN_METHOD, "governance has no method " + method);
        };
    }

    private ProposeResult propose(ContractContext context, ProposeArgs args) {
        Caller caller = requireMemberAdmin(context, "propose");
        String name = args.getContractName();
        checkName(name);
        StateView state = context.state();
        checkChangeFits(state, name, args.getKind());
        VerificationResult verification = verifier.verify(args.getJar().toByteArray());
        if (!verification.accepted()) {
            throw new ContractException(FailureCodes.CONTRACT_REJECTED,
                    "contract " + name + " rejected:\n" + verification.describe());
        }
        long id = nextProposalId(state);
        ContractProposal proposal = ContractProposal.newBuilder()
                .setId(id)
                .setContractName(name)
                .setKind(args.getKind())
                .setJar(args.getJar())
                .setCodeHash(ByteString.copyFrom(Hashing.sha256(args.getJar().toByteArray()).unsafeArray()))
                .setProposerOrg(caller.org())
                .addApprovingOrgs(caller.org())
                .setStatus(ProposalStatus.PROPOSAL_STATUS_PENDING)
                .setProposedHeight(context.height())
                .build();
        context.emit("ProposalCreated", GovernanceKeys.proposal(id), notice(proposal, caller.org()).toByteArray());
        boolean enacted = settle(context, proposal);
        return ProposeResult.newBuilder().setProposalId(id).setEnacted(enacted).build();
    }

    private ApproveResult approve(ContractContext context, ApproveArgs args) {
        Caller caller = requireMemberAdmin(context, "approve");
        ContractProposal proposal = loadProposal(context.state(), args.getProposalId());
        if (proposal.getStatus() == ProposalStatus.PROPOSAL_STATUS_ENACTED) {
            throw new ContractException(FailureCodes.INVALID_ARGUMENT,
                    "proposal " + proposal.getId() + " has already been enacted");
        }
        if (proposal.getApprovingOrgsList().contains(caller.org())) {
            // One vote per organisation: a second admin of the same organisation adds nothing.
            return ApproveResult.newBuilder().setApprovals(proposal.getApprovingOrgsCount()).build();
        }
        ContractProposal approved = proposal.toBuilder().addApprovingOrgs(caller.org()).build();
        context.emit("ProposalApproved", GovernanceKeys.proposal(approved.getId()),
                notice(approved, caller.org()).toByteArray());
        boolean enacted = settle(context, approved);
        return ApproveResult.newBuilder().setEnacted(enacted).setApprovals(approved.getApprovingOrgsCount()).build();
    }

    /** Stores the proposal, enacting it first if its approvals are a strict majority of the members. */
    private boolean settle(ContractContext context, ContractProposal proposal) {
        boolean majority = 2L * proposal.getApprovingOrgsCount() > members.size();
        ContractProposal stored = proposal;
        if (majority) {
            enact(context, proposal);
            stored = proposal.toBuilder().setStatus(ProposalStatus.PROPOSAL_STATUS_ENACTED).build();
        }
        context.state().put(GovernanceKeys.proposal(proposal.getId()), stored.toByteArray());
        return majority;
    }

    private void enact(ContractContext context, ContractProposal proposal) {
        StateView state = context.state();
        String name = proposal.getContractName();
        // Re-checked here: another proposal for the same name may have been enacted since this one was made.
        checkChangeFits(state, name, proposal.getKind());
        long version = DeployedContracts.record(state, name).map(DeployedContract::getVersion).orElse(0L) + 1;
        DeployedContract deployed = DeployedContract.newBuilder()
                .setName(name)
                .setVersion(version)
                .setCodeHash(proposal.getCodeHash())
                .setJar(proposal.getJar())
                .setProposalId(proposal.getId())
                .setEnactedHeight(context.height())
                .build();
        state.put(GovernanceKeys.contract(name), deployed.toByteArray());
        ContractActivated activated = ContractActivated.newBuilder()
                .setName(name).setVersion(version).setCodeHash(proposal.getCodeHash()).setProposalId(proposal.getId())
                .build();
        String event = proposal.getKind() == ContractChangeKind.CONTRACT_CHANGE_KIND_DEPLOY
                ? "ContractDeployed" : "ContractUpgraded";
        context.emit(event, GovernanceKeys.contract(name), activated.toByteArray());
    }

    private Caller requireMemberAdmin(ContractContext context, String action) {
        Caller caller = context.caller();
        if (!caller.admin() || !members.contains(caller.org())) {
            throw new ContractException(FailureCodes.PERMISSION_DENIED,
                    caller.qualifiedName() + " may not " + action + ": only admins of member organisations "
                            + members + " may");
        }
        return caller;
    }

    private static void checkName(String name) {
        if (!CONTRACT_NAME.matcher(name).matches()) {
            throw new ContractException(FailureCodes.INVALID_ARGUMENT,
                    "contract name '" + name + "' must match " + CONTRACT_NAME.pattern());
        }
        if (RESERVED_NAMES.contains(name)) {
            throw new ContractException(FailureCodes.INVALID_ARGUMENT, "contract name '" + name + "' is reserved");
        }
    }

    private static void checkChangeFits(StateView state, String name, ContractChangeKind kind) {
        Optional<DeployedContract> active = DeployedContracts.record(state, name);
        switch (kind) {
            case CONTRACT_CHANGE_KIND_DEPLOY -> {
                if (active.isPresent()) {
                    throw new ContractException(FailureCodes.ALREADY_EXISTS, "contract " + name
                            + " is already deployed (version " + active.get().getVersion() + "); propose an upgrade");
                }
            }
            case CONTRACT_CHANGE_KIND_UPGRADE -> {
                if (active.isEmpty()) {
                    throw new ContractException(FailureCodes.NOT_FOUND,
                            "contract " + name + " is not deployed; propose a deployment");
                }
            }
            default -> throw new ContractException(FailureCodes.INVALID_ARGUMENT, "kind must be DEPLOY or UPGRADE");
        }
    }

    private static long nextProposalId(StateView state) {
        long id = state.get(GovernanceKeys.NEXT_PROPOSAL_ID).map(v -> ByteBuffer.wrap(v).getLong()).orElse(1L);
        state.put(GovernanceKeys.NEXT_PROPOSAL_ID, ByteBuffer.allocate(Long.BYTES).putLong(id + 1).array());
        return id;
    }

    private static ContractProposal loadProposal(StateView state, long id) {
        byte[] value = state.get(GovernanceKeys.proposal(id))
                .orElseThrow(() -> new ContractException(FailureCodes.NOT_FOUND, "no proposal " + id));
        try {
            return ContractProposal.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("governance state holds an undecodable proposal " + id, e);
        }
    }

    private ProposalNotice notice(ContractProposal proposal, String org) {
        return ProposalNotice.newBuilder()
                .setProposalId(proposal.getId())
                .setContractName(proposal.getContractName())
                .setKind(proposal.getKind())
                .setCodeHash(proposal.getCodeHash())
                .setOrg(org)
                .setApprovals(proposal.getApprovingOrgsCount())
                .setMembers(members.size())
                .build();
    }

    private static <T extends MessageLite> T decode(String method, byte[] args, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(args);
        } catch (InvalidProtocolBufferException e) {
            throw new ContractException(FailureCodes.INVALID_ARGUMENT, "arguments of " + method + " do not decode: "
                    + e.getMessage());
        }
    }
}
