package io.meshledger.node.consensus;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.AccumulatorFrontier;
import io.meshledger.core.tx.Sender;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds valid (or deliberately broken) proposals, QCs and TCs over four real-key validators. */
final class ChainFixture {
    final TestValidators v = TestValidators.of(4);
    private final Map<Hash, AccumulatorFrontier> frontiers = new HashMap<>();

    QuorumCertificate genesisQc() {
        return QuorumCertificate.genesis(v.chainId(), TestValidators.EPOCH);
    }

    static int leaderOf(long round) {
        return (int) (round % 4);
    }

    /** A valid block of {@code round} extending {@code justify}'s block (genesis when round 0 QC). */
    Proposal propose(long round, QuorumCertificate justify, Optional<TimeoutCertificate> tc,
                     List<SignedTransaction> txs) {
        ChainLink parent = link(justify);
        BlockBuilder.Built built = new BlockBuilder(v.context(leaderOf(round))).build(round, parent, txs, Set.of(),
                1_000 + round);
        frontiers.put(built.block().hash(), built.frontier());
        return sign(built.block(), justify, tc, leaderOf(round));
    }

    Proposal propose(long round, QuorumCertificate justify) {
        return propose(round, justify, Optional.empty(), List.of());
    }

    /** A block with this header, otherwise valid and signed by {@code signer}. */
    Proposal withHeader(BlockHeader header, List<SignedTransaction> txs, QuorumCertificate justify,
                        Optional<TimeoutCertificate> tc, int signer) {
        return sign(Block.create(header, txs), justify, tc, signer);
    }

    Proposal sign(Block block, QuorumCertificate justify, Optional<TimeoutCertificate> tc, int signer) {
        Hash h = Proposal.signingHash(block.hash());
        return new Proposal(block, justify, tc, signature(signer, h));
    }

    ChainLink link(QuorumCertificate justify) {
        VoteData d = justify.data();
        if (d.height() == 0) {
            return new ChainLink(Hash.ZERO, 0, 0, 0, AccumulatorFrontier.empty());
        }
        return new ChainLink(d.blockHash(), d.height(), d.round(), 1_000 + d.round(), frontiers.get(d.blockHash()));
    }

    VoteData voteData(Proposal p) {
        Block b = p.block();
        return new VoteData(v.chainId(), TestValidators.EPOCH, b.header().round(), b.height(), b.hash(),
                b.parentHash(), p.justify().round());
    }

    QuorumCertificate qc(Proposal p, int... signers) {
        VoteData d = voteData(p);
        List<ValidatorSignature> sigs = new ArrayList<>();
        for (int s : signers.length == 0 ? new int[]{0, 1, 2} : signers) {
            sigs.add(signature(s, d.signingHash()));
        }
        return new QuorumCertificate(d, sigs);
    }

    Vote vote(Proposal p, int voter) {
        VoteData d = voteData(p);
        return new Vote(d, signature(voter, d.signingHash()));
    }

    SignedTimeout timeout(long round, long highQcRound, int signer) {
        TimeoutData d = new TimeoutData(v.chainId(), TestValidators.EPOCH, round, highQcRound);
        return new SignedTimeout(d, signature(signer, d.signingHash()));
    }

    TimeoutCertificate tc(long round, long highQcRound, int... signers) {
        List<SignedTimeout> ts = new ArrayList<>();
        for (int s : signers.length == 0 ? new int[]{0, 1, 2} : signers) {
            ts.add(timeout(round, highQcRound, s));
        }
        return new TimeoutCertificate(TestValidators.EPOCH, round, ts);
    }

    ValidatorSignature signature(int signer, Hash hash) {
        return new ValidatorSignature(v.ids().get(signer), Bytes.wrap(v.keys().get(signer).sign(hash.unsafeArray())));
    }

    static SignedTransaction tx(int i) {
        byte[] nonce = new byte[16];
        nonce[0] = (byte) i;
        nonce[1] = (byte) (i >> 8);
        TransactionBody body = new TransactionBody(TestValidators.CHAIN, new Sender.KeyId(Bytes.wrap(new byte[32])),
                "c", "m", Bytes.wrap(new byte[]{1}), Bytes.wrap(nonce), 100);
        return SignedTransaction.of(body.encode(), new byte[64]);
    }

    ConsensusCore core(int index) {
        return new ConsensusCore(v.context(index), v.safetyRules(index, SafetyData.initial(TestValidators.EPOCH)),
                CommittedRoot.genesis(v.chainId(), TestValidators.EPOCH), List.of());
    }
}
