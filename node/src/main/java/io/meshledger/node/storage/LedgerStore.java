package io.meshledger.node.storage;

import io.meshledger.core.block.Block;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.AccumulatorFrontier;
import io.meshledger.core.merkle.ConsistencyProof;
import io.meshledger.core.merkle.InclusionProof;

import java.util.Optional;

/**
 * The committed ledger, as the rest of the node sees it: an append-only chain of
 * blocks with their certificates, a transaction index and the transaction
 * accumulator.
 * <p>
 * Threading contract: there is one writer (the commit path) calling
 * {@link #append} and {@link #saveCertificate}; implementations serialise writers
 * anyway, but interleaving two writers is a caller bug. Reads are safe from any
 * number of threads while the writer appends, and never see a half-committed
 * block: everything up to {@link #tip()} is complete.
 * <p>
 * The store checks that a block extends the ledger consistently (height, parent,
 * roots, counts, unique transactions), not that it was agreed: signatures on
 * transactions and certificates are checked before blocks reach it.
 */
public interface LedgerStore {

    /**
     * Commits {@code block}, with its certificate if one is already known, and
     * returns once it is durable (fsynced). Either all of it is stored or,
     * on refusal or failure, none of it.
     *
     * @param certificateOrNull the block's ledger certificate, or null when it arrives later
     * @throws BlockRejectedException if the block does not extend the tip consistently; nothing is written
     * @throws StorageException       if the write failed; the node must halt
     */
    void append(Block block, LedgerCertificate certificateOrNull);

    /**
     * As {@link #append(Block, LedgerCertificate)}, storing in the same atomic
     * write the encoded commit proof of {@code block} (the QC that committed it),
     * so a restarted node finds its tip and the proof of it together.
     */
    void append(Block block, LedgerCertificate certificateOrNull, byte[] commitProofOrNull);

    /**
     * As {@link #append(Block, LedgerCertificate, byte[])}, storing in the same
     * atomic write what executing the block did: receipts, state writes, new
     * state-tree nodes and the state root. A certificate given here, or saved
     * later, must certify that state root.
     *
     * @param effectsOrNull null for a block stored without execution (its height then has no state root)
     */
    void append(Block block, BlockEffects effectsOrNull, LedgerCertificate certificateOrNull, byte[] commitProofOrNull);

    /**
     * Stores the certificate of an already committed block, durably (fsynced).
     * A later certificate for the same height replaces an earlier one (e.g. one
     * carrying more signatures); both certify the same digest.
     *
     * @throws BlockRejectedException if no block is committed at {@code height} or the digest does not match it
     */
    void saveCertificate(long height, LedgerCertificate certificate);

    /** The last committed block; {@link Tip#EMPTY} for an empty ledger. */
    Tip tip();

    Optional<Block> block(long height);

    /**
     * A block's exact header bytes, decoded header and transaction ids, without
     * decoding its transactions: what headers-only readers and proofs need.
     */
    Optional<BlockOutline> outline(long height);

    /** A block's header alone (e.g. the tip's timestamp), reading nothing else of the block. */
    Optional<io.meshledger.core.block.BlockHeader> header(long height);

    Optional<Block> blockByHash(Hash hash);

    Optional<CommittedTransaction> transaction(Hash txId);

    boolean containsTransaction(Hash txId);

    Optional<LedgerCertificate> certificate(long height);

    /**
     * The accumulator's frontier at the tip: what the next block's accumulator
     * root is computed from.
     */
    AccumulatorFrontier frontier();

    /**
     * The accumulator root as of the end of block {@code height} (the empty root
     * at height 0): what that block's header and certificate commit to.
     *
     * @throws IllegalArgumentException if {@code height} is negative or above the tip
     */
    Hash accumulatorRoot(long height);

    /**
     * Proves that the transaction with accumulator leaf index {@code globalIndex}
     * is in the ledger as of the end of block {@code height}; verify it against
     * {@code accumulatorRoot(height)}.
     *
     * @throws IllegalArgumentException if {@code height} is above the tip or the leaf was committed after it
     */
    InclusionProof inclusionProof(long globalIndex, long height);

    /**
     * Proves that the ledger at {@code toHeight} extends the ledger at
     * {@code fromHeight} (append-only); verify it against the two accumulator roots.
     *
     * @throws IllegalArgumentException unless {@code 0 <= fromHeight <= toHeight <= tip}
     */
    ConsistencyProof consistencyProof(long fromHeight, long toHeight);
}
