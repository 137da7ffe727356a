package io.meshledger.node.api;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.identity.MembershipValidator;
import io.meshledger.core.merkle.MerkleAccumulator;
import io.meshledger.core.proof.ProofCodec;
import io.meshledger.core.proof.ProofFormat;
import io.meshledger.core.receipt.Receipt;
import io.meshledger.core.state.SparseMerkleTree;
import io.meshledger.core.state.StateKeys;
import io.meshledger.core.state.TreeNode;
import io.meshledger.core.tx.Sender;
import io.meshledger.node.storage.BlockOutline;
import io.meshledger.node.storage.CommittedTransaction;
import io.meshledger.node.storage.LedgerStore;
import io.meshledger.node.storage.StateStore;
import io.meshledger.node.storage.StoredValue;
import io.meshledger.proto.v1.LedgerProof;
import io.meshledger.proto.v1.StateEntryProof;
import io.meshledger.proto.v1.StateProof;
import io.meshledger.proto.v1.TransactionProof;

import java.util.List;
import java.util.Optional;

/**
 * Builds self-contained {@link LedgerProof}s from the store: state entries at a
 * certified height, and a transaction with its receipt against its own block's
 * certificate. Only certified heights anchor proofs: a proof is worth nothing
 * without a quorum's signatures.
 */
final class ProofAssembler {
    /** Certificates trail commits by a block or two; look no further back than this for the latest. */
    private static final int CERTIFICATE_LOOKBACK = 1_000;

    private final LedgerStore ledger;
    private final StateStore state;
    private final String chainId;
    private final MembershipValidator members;
    private final SparseMerkleTree tree;

    ProofAssembler(LedgerStore ledger, StateStore state, String chainId, MembershipValidator members) {
        this.ledger = ledger;
        this.state = state;
        this.chainId = chainId;
        this.members = members;
        this.tree = new SparseMerkleTree(key -> state.treeNode(key.encode()).map(bytes -> TreeNode.decode(bytes)));
    }

    /** A contract state key to prove. */
    record Slot(String contract, byte[] key) {
    }

    /** The highest certified height at or below {@code height}. */
    Optional<Long> certifiedAtOrBelow(long height) {
        for (long h = height; h >= 1 && h > height - CERTIFICATE_LOOKBACK; h--) {
            if (ledger.certificate(h).isPresent()) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** The certified height to answer a proven read at, for a requested height (0: the latest). */
    long anchorFor(long requestedHeight) {
        long tip = ledger.tip().height();
        long wanted = requestedHeight == 0 ? tip : requestedHeight;
        return certifiedAtOrBelow(wanted).orElseThrow(() -> ErrorStatus.of(Status.Code.UNAVAILABLE, "NOT_CERTIFIED",
                "no ledger certificate at or below height " + wanted + " yet; retry shortly"));
    }

    /** Proves each slot's value (or absence) at certified {@code height}. */
    LedgerProof state(List<Slot> slots, long height) {
        LedgerCertificate certificate = certificate(height);
        StateProof.Builder entries = StateProof.newBuilder();
        for (Slot slot : slots) {
            entries.addEntries(entry(slot, height));
        }
        return envelope(certificate).setState(entries).build();
    }

    /** Proves a committed transaction and its receipt against its block's certificate. */
    LedgerProof transaction(CommittedTransaction committed) {
        long height = committed.location().height();
        int index = committed.location().index();
        LedgerCertificate certificate = ledger.certificate(height).orElseThrow(() -> ErrorStatus.of(
                Status.Code.UNAVAILABLE, "NOT_CERTIFIED", "block " + height + " has no ledger certificate yet; retry shortly"));
        BlockOutline block = ledger.outline(height).orElseThrow();
        // A block's transactions root takes the ids themselves as leaves (the accumulator hashes them as leaves).
        List<Hash> leaves = block.transactionIds();
        List<byte[]> encodedReceipts = state.encodedReceipts(height);
        if (encodedReceipts.size() != leaves.size()) {
            throw ErrorStatus.of(Status.Code.INTERNAL, "STORE_INCONSISTENT", "block " + height + " has "
                    + leaves.size() + " transactions but " + encodedReceipts.size() + " stored receipts");
        }
        TransactionProof.Builder tx = TransactionProof.newBuilder()
                .setTransaction(committed.transaction().toProto())
                .setBlockHeader(ByteString.copyFrom(block.headerBytes().unsafeArray()))
                .setInBlock(ProofCodec.toProto(MerkleAccumulator.inclusionProofOf(leaves, index)))
                .setInAccumulator(ProofCodec.toProto(ledger.inclusionProof(committed.location().globalIndex(), height)))
                .setReceipt(ByteString.copyFrom(encodedReceipts.get(index)))
                .setReceiptInBlock(ProofCodec.toProto(MerkleAccumulator.inclusionProofOf(
                        encodedReceipts.stream().map(Receipt::hashOf).toList(), index)))
                .setReceiptsRoot(entry(new Slot(Receipt.ROOTS_NAMESPACE, Receipt.receiptsRootKey(height)), height));
        if (committed.transaction().decoded().sender() instanceof Sender.KeyId k) {
            members.known(IdentityId.fromBytes(k.id()))
                    .ifPresent(m -> tx.setSenderCertificate(ByteString.copyFrom(m.certificate().unsafeArray())));
        }
        return envelope(certificate).setTransaction(tx).build();
    }

    private StateEntryProof entry(Slot slot, long height) {
        Optional<StoredValue> value = state.stateValue(slot.contract(), slot.key(), height);
        StateEntryProof.Builder b = StateEntryProof.newBuilder().setContract(slot.contract())
                .setKey(ByteString.copyFrom(slot.key())).setPresent(value.isPresent())
                .setProof(ProofCodec.toProto(tree.prove(StateKeys.keyHash(slot.contract(), slot.key()), height)));
        value.ifPresent(v -> b.setValue(ByteString.copyFrom(v.value().unsafeArray())));
        return b.build();
    }

    private LedgerCertificate certificate(long height) {
        return ledger.certificate(height).orElseThrow(() -> ErrorStatus.of(Status.Code.UNAVAILABLE, "NOT_CERTIFIED",
                "height " + height + " has no ledger certificate yet; retry shortly"));
    }

    private LedgerProof.Builder envelope(LedgerCertificate certificate) {
        return LedgerProof.newBuilder().setVersion(ProofFormat.VERSION).setChainId(chainId)
                .setCertificate(certificate.toProto());
    }
}
