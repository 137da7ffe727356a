package io.meshledger.node.consensus;

import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.AccumulatorFrontier;
import io.meshledger.core.merkle.MerkleAccumulator;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.consensus.ProposalCheck.Invalid;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The proposal rules checked before a block enters the tree or gets a vote
 * (signatures and certificates were checked by {@link MessageVerifier}). Pure:
 * the caller supplies the parent and the transaction ids of its uncommitted
 * ancestors.
 */
final class ProposalValidator {
    private final ConsensusContext context;

    ProposalValidator(ConsensusContext context) {
        this.context = context;
    }

    /**
     * Rules that need no parent: chain id and epoch; proposer is the leader of
     * the round and the signer; {@code parentHash == justify.blockHash};
     * {@code height == justify.height + 1}; {@code round > justify.round}; a TC,
     * when present, is of {@code round - 1}; a round that does not directly
     * follow its QC carries a TC.
     */
    Optional<Invalid> checkShape(Proposal p) {
        BlockHeader h = p.block().header();
        VoteData justify = p.justify().data();
        if (!h.chainId().equals(context.chainId()) || h.epoch() != context.epoch()) {
            return invalid(RejectCode.MALFORMED, "block is for chain " + h.chainId() + " epoch " + h.epoch()
                    + ", expected " + context.chainId() + " epoch " + context.epoch());
        }
        var leader = context.leaders().leader(h.round());
        if (!h.proposer().equals(leader.toBytes()) || !p.signature().validator().equals(leader)) {
            return invalid(RejectCode.WRONG_LEADER, "round " + h.round() + " leader is " + leader + ", block names "
                    + h.proposer().toHex().substring(0, 8) + " and is signed by " + p.signature().validator());
        }
        if (!h.parentHash().equals(justify.blockHash()) || h.height() != justify.height() + 1
                || h.round() <= justify.round()) {
            return invalid(RejectCode.MALFORMED, "block height " + h.height() + " round " + h.round() + " parent "
                    + h.parentHash().shortHex() + " does not extend its QC of height " + justify.height() + " round "
                    + justify.round() + " block " + justify.blockHash().shortHex());
        }
        if (p.timeoutCertificate().isPresent() && p.timeoutCertificate().get().round() != h.round() - 1) {
            return invalid(RejectCode.MALFORMED, "block of round " + h.round() + " carries a TC of round "
                    + p.timeoutCertificate().get().round());
        }
        if (justify.round() + 1 != h.round() && p.timeoutCertificate().isEmpty()) {
            return invalid(RejectCode.ROUND_NOT_JUSTIFIED, "block of round " + h.round() + " extends a QC of round "
                    + justify.round() + " without a TC of round " + (h.round() - 1));
        }
        return Optional.empty();
    }

    /**
     * Rules against the parent: the QC's vote data names the parent's height and
     * round; {@code timestamp >= parent timestamp}; at most {@code maxBatchSize}
     * transactions of at most {@code maxBlockBytes}; no transaction repeated in
     * the block or in an uncommitted ancestor; {@code transactionsRoot} is the
     * root over the transaction ids; {@code txCountTotal} and
     * {@code txAccumulatorRoot} are the parent's frontier after appending
     * {@code leafHash(txId)} of each transaction.
     */
    ProposalCheck checkAgainstParent(Proposal p, ChainLink parent, Set<Hash> ancestorTxIds) {
        BlockHeader h = p.block().header();
        VoteData justify = p.justify().data();
        if (justify.height() != parent.height() || justify.round() != parent.round()) {
            return new Invalid(RejectCode.MALFORMED, "QC names height " + justify.height() + " round "
                    + justify.round() + " but the parent is height " + parent.height() + " round " + parent.round());
        }
        if (h.timestampMs() < parent.timestampMs()) {
            return new Invalid(RejectCode.TIMESTAMP_BEFORE_PARENT, "timestamp " + h.timestampMs()
                    + " is before the parent's " + parent.timestampMs());
        }
        List<SignedTransaction> txs = p.block().transactions();
        int maxCount = context.parameters().maxBatchSize();
        if (txs.size() > maxCount) {
            return new Invalid(RejectCode.INVALID_PAYLOAD, txs.size() + " transactions, at most " + maxCount);
        }
        long bytes = 0;
        for (SignedTransaction tx : txs) {
            bytes += tx.encodedSize();
        }
        if (bytes > context.parameters().maxBlockBytes()) {
            return new Invalid(RejectCode.INVALID_PAYLOAD, bytes + " bytes of transactions, at most "
                    + context.parameters().maxBlockBytes());
        }
        List<Hash> ids = p.block().transactionIds();
        Set<Hash> seen = new HashSet<>();
        List<Hash> leaves = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            Hash id = ids.get(i);
            if (!seen.add(id) || ancestorTxIds.contains(id)) {
                return new Invalid(RejectCode.INVALID_PAYLOAD, "transaction " + id.shortHex() + " at index " + i
                        + (ancestorTxIds.contains(id) ? " is already in an uncommitted ancestor" : " appears twice"));
            }
            leaves.add(MerkleAccumulator.leafHash(id.unsafeArray()));
        }
        Hash txRoot = MerkleAccumulator.rootOf(ids);
        if (!txRoot.equals(h.transactionsRoot())) {
            return new Invalid(RejectCode.INVALID_PAYLOAD, "transactions root " + h.transactionsRoot().shortHex()
                    + " != " + txRoot.shortHex() + " over " + ids.size() + " transaction ids");
        }
        AccumulatorFrontier after = parent.frontier().append(leaves);
        if (h.txCountTotal() != after.size() || !h.txAccumulatorRoot().equals(after.root())) {
            return new Invalid(RejectCode.INVALID_PAYLOAD, "accumulator size " + h.txCountTotal() + " root "
                    + h.txAccumulatorRoot().shortHex() + " != " + after.size() + " root " + after.root().shortHex()
                    + " after appending " + ids.size() + " to the parent's " + parent.frontier().size());
        }
        return new ProposalCheck.Valid(after);
    }

    private static Optional<Invalid> invalid(RejectCode code, String reason) {
        return Optional.of(new Invalid(code, reason));
    }
}
