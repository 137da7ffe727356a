package io.meshledger.node.consensus;

import io.meshledger.core.block.Block;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.AccumulatorFrontier;

import java.util.Objects;

/**
 * The committed tip the core builds on, as read from the ledger store at start
 * or after block sync.
 *
 * @param lastBlockOrNull the committed block at {@code height}; null at genesis
 * @param height          committed height (0 at genesis)
 * @param hash            its hash ({@link Hash#ZERO} at genesis)
 * @param round           the round it was proposed in (0 at genesis)
 * @param frontier        the transaction accumulator after it
 * @param highQc          a QC that certifies this block ({@link QuorumCertificate#genesis} at genesis)
 *                        or the commit proof of this block (certifying its child of the next round)
 */
public record CommittedRoot(Block lastBlockOrNull, long height, Hash hash, long round, AccumulatorFrontier frontier,
                            QuorumCertificate highQc) {
    public CommittedRoot {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(frontier, "frontier");
        Objects.requireNonNull(highQc, "highQc");
        if (lastBlockOrNull == null ? height != 0 || !hash.equals(Hash.ZERO)
                : lastBlockOrNull.height() != height || !lastBlockOrNull.hash().equals(hash)
                || lastBlockOrNull.header().round() != round) {
            throw new IllegalArgumentException("root block does not match height " + height + ", hash " + hash
                    + ", round " + round);
        }
        if (lastBlockOrNull != null && lastBlockOrNull.header().txCountTotal() != frontier.size()) {
            throw new IllegalArgumentException("root frontier holds " + frontier.size() + " transactions, block says "
                    + lastBlockOrNull.header().txCountTotal());
        }
        boolean certifiesRoot = highQc.data().blockHash().equals(hash) && highQc.round() == round;
        boolean commitsRoot = highQc.data().parentHash().equals(hash) && highQc.data().commitsParent();
        if (!certifiesRoot && !commitsRoot) {
            throw new IllegalArgumentException(highQc + " neither certifies nor commits root " + hash.shortHex());
        }
    }

    /** The root before any block: height 0, the zero hash, round 0, empty accumulator, the genesis QC. */
    public static CommittedRoot genesis(String chainId, long epoch) {
        return new CommittedRoot(null, 0, Hash.ZERO, 0, AccumulatorFrontier.empty(),
                QuorumCertificate.genesis(chainId, epoch));
    }

    /** The root after {@code block}, committed by {@code commitProof}, with the accumulator {@code frontier} after it. */
    public static CommittedRoot of(Block block, AccumulatorFrontier frontier, QuorumCertificate commitProof) {
        return new CommittedRoot(block, block.height(), block.hash(), block.header().round(), frontier, commitProof);
    }

    public long timestampMs() {
        return lastBlockOrNull == null ? 0 : lastBlockOrNull.header().timestampMs();
    }
}
