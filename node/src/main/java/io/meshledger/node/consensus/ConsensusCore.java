package io.meshledger.node.consensus;

import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.node.consensus.ConsensusAction.Broadcast;
import io.meshledger.node.consensus.ConsensusAction.FetchBlock;
import io.meshledger.node.consensus.ConsensusAction.PersistBlock;
import io.meshledger.node.consensus.ConsensusAction.PersistSafetyData;
import io.meshledger.node.consensus.ConsensusAction.Rejected;
import io.meshledger.node.consensus.ConsensusAction.RequestPayload;
import io.meshledger.node.consensus.ConsensusAction.ScheduleTimer;
import io.meshledger.node.consensus.ConsensusAction.Send;
import io.meshledger.node.consensus.ConsensusEvent.BlockFetched;
import io.meshledger.node.consensus.ConsensusEvent.MessageReceived;
import io.meshledger.node.consensus.ConsensusEvent.PayloadReady;
import io.meshledger.node.consensus.ConsensusEvent.SyncCompleted;
import io.meshledger.node.consensus.ConsensusEvent.TimerFired;
import io.meshledger.node.consensus.SafetyOutcome.Signed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One validator's Jolteon (2-chain HotStuff) state machine: events in, actions
 * out, no I/O, clock, thread or randomness inside.
 * <p>
 * <b>Driver contract.</b> One thread owns the core and calls {@link #start()}
 * once, then {@link #step} for each event; nothing else touches it (the query
 * methods too are for that thread). The returned actions are performed in list
 * order. A {@link PersistSafetyData} must be durable (fsynced) before any later
 * action of the same list is performed, since those may carry the votes,
 * timeouts or proposals it makes safe to send; the same holds for
 * {@link PersistBlock}. {@link ConsensusAction.Commit} blocks are written to the
 * ledger store in order. After a restart the core is rebuilt from the last
 * persisted {@link SafetyData} (inside its {@link SafetyRules}), the
 * {@link CommittedRoot} read from the store and the persisted pending blocks.
 * <p>
 * Messages reach {@link #step} only after {@link MessageVerifier} accepted them.
 * Messages that are valid but stale are ignored silently; invalid ones produce
 * a {@link Rejected} action so the driver can count them against the sender.
 */
public final class ConsensusCore {
    private final ConsensusContext context;
    private final SafetyRules safety;
    private final Pacemaker pacemaker;
    private final BlockTree tree;
    private final ProposalValidator validator;
    private final BlockBuilder builder;
    private final VoteCollector votes;
    private final TimeoutCollector timeouts;
    private final WaitingProposals waiting;
    private final Map<Hash, FetchRequest> fetching = new LinkedHashMap<>();
    private SafetyData persisted;
    private QuorumCertificate highestQcSeen;
    private long payloadRequestedRound;
    private long proposedRound;
    private TimeoutMessage ownTimeout;
    private List<ConsensusAction> out = new ArrayList<>();

    private record FetchRequest(IdentityId from, long round) {
    }

    /**
     * @param safety          built from the last persisted {@link SafetyData}
     * @param root            the committed tip in the ledger store
     * @param persistedBlocks the proposals persisted by {@link ConsensusAction.PersistBlock} above the root, any order
     */
    public ConsensusCore(ConsensusContext context, SafetyRules safety, CommittedRoot root,
                         List<Proposal> persistedBlocks) {
        if (!safety.self().equals(context.self())) {
            throw new IllegalArgumentException("safety rules sign as " + safety.self() + ", not " + context.self());
        }
        if (safety.data().epoch() != context.epoch() || root.highQc().data().epoch() != context.epoch()) {
            throw new IllegalArgumentException("safety data epoch " + safety.data().epoch() + " or root epoch "
                    + root.highQc().data().epoch() + " is not epoch " + context.epoch());
        }
        this.context = context;
        this.safety = safety;
        this.persisted = safety.data();
        CoreLimits limits = context.limits();
        this.tree = new BlockTree(root, limits.maxPendingBlocks(), limits.maxWaitingMessages());
        this.pacemaker = new Pacemaker(context.parameters(), root.highQc().round() + 1);
        this.validator = new ProposalValidator(context);
        this.builder = new BlockBuilder(context);
        int quorum = context.validators().quorumSize();
        this.votes = new VoteCollector(quorum);
        this.timeouts = new TimeoutCollector(quorum, context.epoch());
        this.waiting = new WaitingProposals(limits.maxWaitingMessages());
        this.highestQcSeen = root.highQc();
        tree.certify(root.highQc());
        persistedBlocks.stream().sorted(Comparator.comparingLong(p -> p.block().height()))
                .forEach(this::recover);
        safety.data().highQc().ifPresent(qc -> processQc(qc, null));
        safety.data().lastTc().ifPresent(this::processTc);
        out.clear();
    }

    private void recover(Proposal p) {
        Optional<ChainLink> parent = tree.link(p.block().parentHash());
        if (parent.isEmpty() || tree.contains(p.block().hash())) {
            return;
        }
        if (validator.checkAgainstParent(p, parent.get(), tree.uncommittedTxIds(parent.get().hash()))
                instanceof ProposalCheck.Valid valid && tree.insert(p, valid.frontier())) {
            processQc(p.justify(), null);
            p.timeoutCertificate().ifPresent(this::processTc);
        }
    }

    /** The first actions: the timer of the starting round and, for its leader, a payload request. */
    public List<ConsensusAction> start() {
        out.add(new ScheduleTimer(pacemaker.round(), pacemaker.timeoutMs()));
        maybeRequestPayload();
        return drain();
    }

    /** Applies one event; returns the actions to perform, in order (see the class comment). */
    public List<ConsensusAction> step(ConsensusEvent event) {
        switch (event) {
            case MessageReceived m -> {
                switch (m.message()) {
                    case Proposal p -> onProposal(m.from(), p);
                    case Vote v -> onVote(m.from(), v);
                    case TimeoutMessage t -> onTimeout(m.from(), t);
                }
            }
            case TimerFired t -> onTimer(t.round());
            case PayloadReady p -> onPayload(p);
            case BlockFetched f -> onBlockFetched(f.proposal());
            case SyncCompleted s -> onSync(s.root());
        }
        maybeRequestPayload();
        return drain();
    }

    public long round() {
        return pacemaker.round();
    }

    /** The validators, leader rotation and parameters this core runs with. */
    public ConsensusContext context() {
        return context;
    }

    /**
     * The timeout certificate of the previous round when this node entered the
     * current round through it (a view change), empty when a QC brought it here.
     */
    public Optional<TimeoutCertificate> enteredThroughTimeout() {
        return pacemaker.lastTc();
    }

    /** Whether an uncommitted block proposed in {@code round} is held here (the leader's proposal arrived). */
    public boolean holdsBlockOfRound(long round) {
        return tree.blockOfRound(round).isPresent();
    }

    public CommittedRoot committedRoot() {
        return tree.root();
    }

    public SafetyData safetyData() {
        return safety.data();
    }

    /** The proposal carrying an uncommitted block held here, to serve a peer's block fetch. */
    public Optional<Proposal> proposal(Hash blockHash) {
        return tree.get(blockHash).map(BlockTree.PendingBlock::proposal);
    }

    private void onProposal(IdentityId from, Proposal p) {
        var shape = validator.checkShape(p);
        if (shape.isPresent()) {
            reject(from, shape.get().code(), shape.get().reason());
            return;
        }
        processQc(p.justify(), from);
        p.timeoutCertificate().ifPresent(this::processTc);
        if (p.round() < pacemaker.round()) {
            return;
        }
        acceptBlock(from, p, true);
    }

    /**
     * Inserts a shape-checked block once its parent is held (fetching the parent
     * first), after the parent-dependent rules; votes for it when it came live and
     * is of the current round. A second live block of a round already held is the
     * leader's equivocation and is refused. A block whose missing parent is at or
     * below the committed height is stale (or on a fork that can never commit)
     * and is dropped without blaming the sender.
     */
    private void acceptBlock(IdentityId from, Proposal p, boolean live) {
        Hash hash = p.block().hash();
        if (tree.contains(hash)) {
            if (live && p.round() == pacemaker.round()) {
                vote(from, p);
            }
            return;
        }
        Optional<ChainLink> parent = tree.link(p.block().parentHash());
        if (parent.isEmpty()) {
            if (p.block().height() - 1 <= tree.root().height()) {
                return;
            }
            waiting.add(p, from, live);
            fetch(p.block().parentHash(), from);
            return;
        }
        if (live) {
            Optional<Hash> other = tree.blockOfRound(p.round());
            if (other.isPresent()) {
                reject(from, RejectCode.EQUIVOCATION, "second block " + hash.shortHex() + " for round " + p.round()
                        + " after " + other.get().shortHex());
                return;
            }
        }
        ProposalCheck check = validator.checkAgainstParent(p, parent.get(), tree.uncommittedTxIds(parent.get().hash()));
        if (check instanceof ProposalCheck.Invalid bad) {
            reject(from, bad.code(), bad.reason());
            return;
        }
        if (!tree.insert(p, ((ProposalCheck.Valid) check).frontier())) {
            reject(from, RejectCode.OVER_CAPACITY, "block tree holds " + tree.size() + " blocks");
            return;
        }
        out.add(new PersistBlock(p));
        tree.takeWaitingQc(hash).ifPresent(qc -> processQc(qc, from));
        if (live && p.round() == pacemaker.round()) {
            vote(from, p);
        }
        for (WaitingProposals.Waiting w : waiting.takeChildrenOf(hash)) {
            acceptBlock(w.from(), w.proposal(), w.live());
        }
    }

    private void vote(IdentityId from, Proposal p) {
        switch (safety.voteFor(p)) {
            case Signed<Vote> s -> {
                persistIfChanged();
                deliverVote(s.value());
            }
            case SafetyOutcome.Refused<Vote> r -> {
                if (r.refusal() instanceof SafetyRefusal.NotSafeToVote) {
                    reject(from, RejectCode.NOT_SAFE_TO_VOTE, r.refusal().toString());
                }
            }
        }
    }

    private void deliverVote(Vote vote) {
        IdentityId next = context.leaders().leader(vote.round() + 1);
        if (next.equals(context.self())) {
            onVote(next, vote);
        } else {
            out.add(new Send(next, vote));
        }
    }

    private void onVote(IdentityId from, Vote v) {
        long round = v.round();
        if (round + 2 < pacemaker.round()) {
            return;
        }
        if (round > pacemaker.round() + context.limits().maxRoundsAhead()) {
            reject(from, RejectCode.OVER_CAPACITY, "vote for round " + round + " while in round " + pacemaker.round());
            return;
        }
        IdentityId next = context.leaders().leader(round + 1);
        if (!next.equals(context.self())) {
            reject(from, RejectCode.NOT_NEXT_LEADER, "vote for round " + round + " belongs to " + next);
            return;
        }
        switch (votes.add(v)) {
            case VoteCollector.Added.Equivocation e -> reject(from, RejectCode.EQUIVOCATION, "second vote in round "
                    + round + " for " + e.second().blockHash().shortHex() + " after " + e.first().blockHash().shortHex());
            case VoteCollector.Added.QcFormed f -> processQc(f.qc(), from);
            default -> {
            }
        }
    }

    private void onTimeout(IdentityId from, TimeoutMessage t) {
        processQc(t.highQc(), from);
        t.lastTc().ifPresent(this::processTc);
        long round = t.round();
        if (round < pacemaker.round()) {
            return;
        }
        if (round > pacemaker.round() + context.limits().maxRoundsAhead()) {
            reject(from, RejectCode.OVER_CAPACITY, "timeout for round " + round + " while in round "
                    + pacemaker.round());
            return;
        }
        addTimeout(t.timeout());
    }

    private void addTimeout(SignedTimeout timeout) {
        if (timeouts.add(timeout) instanceof TimeoutCollector.Added.TcFormed f) {
            processTc(f.tc());
        }
    }

    /** Times out the current round once (then re-broadcasts the same timeout on each expiry until the round ends). */
    private void onTimer(long round) {
        if (round != pacemaker.round()) {
            return;
        }
        if (ownTimeout == null) {
            Optional<TimeoutCertificate> lastTc = pacemaker.lastTc();
            if (safety.signTimeout(round, highestQcSeen, lastTc) instanceof Signed<SignedTimeout> s) {
                persistIfChanged();
                ownTimeout = new TimeoutMessage(s.value(), highestQcSeen, lastTc);
                out.add(new Broadcast(ownTimeout));
                addTimeout(s.value());
            }
        } else {
            out.add(new Broadcast(ownTimeout));
        }
        if (round == pacemaker.round()) {
            out.add(new ScheduleTimer(round, pacemaker.timeoutMs()));
        }
    }

    private void onPayload(PayloadReady payload) {
        long round = payload.round();
        if (round != pacemaker.round() || proposedRound >= round || !isLeader(round)) {
            return;
        }
        Optional<QuorumCertificate> justify = proposalParent(round);
        if (justify.isEmpty()) {
            return;
        }
        QuorumCertificate qc = justify.get();
        ChainLink parent = tree.link(qc.data().blockHash()).orElseThrow();
        BlockBuilder.Built built = builder.build(round, parent, payload.transactions(),
                tree.uncommittedTxIds(parent.hash()), payload.timestampMs());
        if (!(safety.signProposal(built.block(), qc) instanceof Signed<ValidatorSignature> signed)) {
            return;
        }
        Optional<TimeoutCertificate> tc = qc.round() + 1 == round ? Optional.empty() : pacemaker.lastTc();
        Proposal proposal = new Proposal(built.block(), qc, tc, signed.value());
        proposedRound = round;
        tree.insert(proposal, built.frontier());
        out.add(new PersistBlock(proposal));
        SafetyOutcome<Vote> own = safety.voteFor(proposal);
        persistIfChanged();
        out.add(new Broadcast(proposal));
        if (own instanceof Signed<Vote> s) {
            deliverVote(s.value());
        }
    }

    /** A fetched block nobody asked for (a reply after a restart, a duplicate) is dropped: the request is gone. */
    private void onBlockFetched(Proposal p) {
        Hash hash = p.block().hash();
        FetchRequest request = fetching.remove(hash);
        if (tree.contains(hash)) {
            return;
        }
        if (request == null) {
            return;
        }
        var shape = validator.checkShape(p);
        if (shape.isPresent()) {
            reject(request.from(), shape.get().code(), shape.get().reason());
            return;
        }
        processQc(p.justify(), request.from());
        acceptBlock(request.from(), p, false);
    }

    private void onSync(CommittedRoot root) {
        tree.adopt(root);
        waiting.pruneAtOrBelow(tree.root().height());
        processQc(root.highQc(), null);
    }

    private void processQc(QuorumCertificate qc, IdentityId fromOrNull) {
        if (qc.round() > highestQcSeen.round()) {
            highestQcSeen = qc;
        }
        switch (tree.certify(qc)) {
            case BlockTree.Certified.MissingBlock m -> {
                if (fromOrNull != null) {
                    fetch(m.blockHash(), fromOrNull);
                }
            }
            case BlockTree.Certified.Recorded r -> r.commit().ifPresent(c -> {
                out.add(c);
                waiting.pruneAtOrBelow(tree.root().height());
            });
            case BlockTree.Certified.Known k -> {
            }
        }
        if (pacemaker.onQc(qc.round())) {
            enterRound();
        }
    }

    private void processTc(TimeoutCertificate tc) {
        if (pacemaker.onTc(tc)) {
            enterRound();
        }
    }

    private void enterRound() {
        long round = pacemaker.round();
        ownTimeout = null;
        votes.pruneBelow(round - 2);
        timeouts.pruneBelow(round);
        out.add(new ScheduleTimer(round, pacemaker.timeoutMs()));
    }

    /** Asks for a missing block at most once per round (a lost request is retried in a later round). */
    private void fetch(Hash blockHash, IdentityId from) {
        FetchRequest previous = fetching.get(blockHash);
        if (previous != null && previous.round() == pacemaker.round()) {
            return;
        }
        if (fetching.size() >= context.limits().maxWaitingMessages()) {
            fetching.remove(fetching.keySet().iterator().next());
        }
        fetching.put(blockHash, new FetchRequest(from, pacemaker.round()));
        out.add(new FetchBlock(blockHash, from));
    }

    /**
     * The QC a leader of {@code round} may extend: its high QC when that is of
     * {@code round - 1}, or when it entered the round through a TC and the QC is
     * at least as high as every QC the TC's signers reported.
     */
    private Optional<QuorumCertificate> proposalParent(long round) {
        Optional<QuorumCertificate> high = tree.highQc();
        if (high.isEmpty() || high.get().round() + 1 == round) {
            return high;
        }
        Optional<TimeoutCertificate> tc = pacemaker.lastTc();
        return high.filter(qc -> tc.isPresent() && qc.round() >= tc.get().highestQcRound() && qc.round() < round);
    }

    private void maybeRequestPayload() {
        long round = pacemaker.round();
        if (!isLeader(round) || payloadRequestedRound >= round || proposedRound >= round) {
            return;
        }
        proposalParent(round).ifPresent(qc -> {
            payloadRequestedRound = round;
            out.add(new RequestPayload(round, qc.data().blockHash(), context.parameters().maxBatchSize(),
                    context.parameters().maxBlockBytes(), tree.uncommittedTxIds(qc.data().blockHash())));
        });
    }

    private boolean isLeader(long round) {
        return context.leaders().leader(round).equals(context.self());
    }

    private void persistIfChanged() {
        if (!safety.data().equals(persisted)) {
            persisted = safety.data();
            out.add(new PersistSafetyData(persisted));
        }
    }

    private void reject(IdentityId from, RejectCode code, String reason) {
        out.add(new Rejected(from, code, reason));
    }

    private List<ConsensusAction> drain() {
        List<ConsensusAction> actions = out;
        out = new ArrayList<>();
        return actions;
    }
}
