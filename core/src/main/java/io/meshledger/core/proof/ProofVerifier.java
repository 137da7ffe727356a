package io.meshledger.core.proof;

import io.meshledger.core.Bytes;
import io.meshledger.core.DecodingException;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.block.LedgerDigest;
import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.crypto.CryptoException;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.PublicKeyInfo;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.identity.Certificates;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.identity.MembershipCheck;
import io.meshledger.core.identity.MembershipValidator;
import io.meshledger.core.merkle.InclusionProof;
import io.meshledger.core.merkle.MerkleAccumulator;
import io.meshledger.core.merkle.ProofCheck;
import io.meshledger.core.receipt.Receipt;
import io.meshledger.core.state.SparseMerkleProof;
import io.meshledger.core.state.StateKeys;
import io.meshledger.core.tx.Sender;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.validators.QuorumCheck;
import io.meshledger.core.validators.Validator;
import io.meshledger.proto.v1.LedgerProof;
import io.meshledger.proto.v1.StateEntryProof;
import io.meshledger.proto.v1.TransactionProof;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies {@link LedgerProof}s offline with nothing but the network's genesis:
 * the certificate must carry a quorum of valid signatures of the genesis
 * validators (every signature present must verify), and every hash must link
 * the subject to the certified digest. Thread-safe; never throws on bad input.
 */
public final class ProofVerifier {
    private final Genesis genesis;
    private final MembershipValidator members;

    public ProofVerifier(Genesis genesis) {
        this.genesis = Objects.requireNonNull(genesis, "genesis");
        this.members = genesis.membershipValidator(256);
    }

    /** Verifies a proof file's bytes (strict canonical encoding, see {@link ProofFormat}). */
    public Verdict verify(byte[] proofBytes) {
        LedgerProof proof;
        try {
            proof = ProofFormat.decode(proofBytes);
        } catch (DecodingException e) {
            return new Verdict.Invalid(e.getMessage());
        }
        return verify(proof);
    }

    /** Verifies a decoded proof. */
    public Verdict verify(LedgerProof proof) {
        try {
            return new Verdict.Valid(check(proof));
        } catch (Rejected e) {
            return new Verdict.Invalid(e.getMessage());
        } catch (DecodingException | CryptoException | IllegalArgumentException e) {
            return new Verdict.Invalid("malformed proof: " + e.getMessage());
        }
    }

    private ProvenFacts check(LedgerProof proof) {
        require(proof.getVersion() == ProofFormat.VERSION, "unsupported proof format version " + proof.getVersion()
                + " (this verifier knows version " + ProofFormat.VERSION + ")");
        require(proof.getChainId().equals(genesis.chainId()), "the proof is for chain '" + proof.getChainId()
                + "', the genesis file is for '" + genesis.chainId() + "'");
        require(proof.getEpochChangesCount() == 0, "the proof carries validator-set changes; format version "
                + ProofFormat.VERSION + " networks never reconfigure");
        require(proof.hasCertificate(), "the proof has no ledger certificate");
        Certified certified = certified(LedgerCertificate.fromProto(proof.getCertificate()));
        return switch (proof.getSubjectCase()) {
            case STATE -> {
                require(proof.getState().getEntriesCount() > 0, "the state proof proves no entry");
                List<ProvenEntry> entries = new ArrayList<>();
                for (int i = 0; i < proof.getState().getEntriesCount(); i++) {
                    entries.add(entry(proof.getState().getEntries(i), certified.stateRoot(), "entry " + i));
                }
                yield new ProvenFacts.State(certified, entries);
            }
            case TRANSACTION -> transaction(proof.getTransaction(), certified);
            case SUBJECT_NOT_SET -> throw new Rejected("the proof names no subject (state or transaction)");
        };
    }

    private Certified certified(LedgerCertificate certificate) {
        QuorumCheck quorum = genesis.validators().checkCertificate(genesis.chainId(), certificate);
        if (quorum instanceof QuorumCheck.Invalid bad) {
            throw new Rejected("ledger certificate: " + bad.reason());
        }
        LedgerDigest d = certificate.digest();
        List<String> signers = new ArrayList<>();
        for (ValidatorSignature s : certificate.signatures()) {
            signers.add(genesis.validators().get(s.validator()).map(Validator::name).orElseThrow());
        }
        return new Certified(d.chainId(), d.epoch(), d.height(), d.timestampMs(), d.blockHash(), d.txAccumulatorRoot(),
                d.txCount(), d.stateRoot(), signers);
    }

    private static ProvenEntry entry(StateEntryProof p, Hash stateRoot, String what) {
        require(!p.getContract().isEmpty() && !p.getKey().isEmpty(), what + ": contract and key are required");
        require(p.getPresent() || p.getValue().isEmpty(), what + ": an absent entry cannot carry a value");
        require(p.hasProof(), what + ": no state-tree proof");
        byte[] key = p.getKey().toByteArray();
        Hash keyHash = StateKeys.keyHash(p.getContract(), key);
        SparseMerkleProof smp = ProofCodec.fromProto(p.getProof());
        Optional<Hash> valueHash = p.getPresent() ? Optional.of(StateKeys.valueHash(p.getValue().toByteArray()))
                : Optional.empty();
        ProofCheck check = smp.verify(stateRoot, keyHash, valueHash);
        if (check instanceof ProofCheck.Invalid bad) {
            throw new Rejected(what + " (" + p.getContract() + "/" + printable(key) + "): " + bad.reason());
        }
        return new ProvenEntry(p.getContract(), Bytes.of(key),
                p.getPresent() ? Optional.of(Bytes.of(p.getValue().toByteArray())) : Optional.empty());
    }

    private ProvenFacts.Transaction transaction(TransactionProof p, Certified certified) {
        require(p.hasTransaction() && !p.getBlockHeader().isEmpty(), "the transaction proof needs the transaction and its block header");
        SignedTransaction tx = SignedTransaction.fromProto(p.getTransaction());
        byte[] headerBytes = p.getBlockHeader().toByteArray();
        require(Block.hashOf(headerBytes).equals(certified.blockHash()),
                "the block header's hash is not the block hash the certificate signs");
        BlockHeader header = BlockHeader.decode(headerBytes);
        require(header.height() == certified.height() && header.chainId().equals(certified.chainId()),
                "the block header's chain or height differs from the certificate's");
        require(header.txAccumulatorRoot().equals(certified.txAccumulatorRoot())
                        && header.txCountTotal() == certified.txCount(),
                "the block header's accumulator root or size differs from the certificate's");

        Hash leaf = MerkleAccumulator.leafHash(tx.id().unsafeArray());
        InclusionProof inBlock = ProofCodec.fromProto(p.getInBlock());
        checkInclusion(inBlock.verify(leaf, header.transactionsRoot()), "the transaction is not in the block's transactions root");
        require(inBlock.treeSize() <= header.txCountTotal(), "the block holds more transactions than the ledger");
        long globalIndex = header.txCountTotal() - inBlock.treeSize() + inBlock.leafIndex();
        InclusionProof inLedger = ProofCodec.fromProto(p.getInAccumulator());
        require(inLedger.treeSize() == certified.txCount() && inLedger.leafIndex() == globalIndex,
                "the accumulator proof is for leaf " + inLedger.leafIndex() + " of " + inLedger.treeSize()
                        + ", expected leaf " + globalIndex + " of " + certified.txCount());
        checkInclusion(inLedger.verify(leaf, certified.txAccumulatorRoot()),
                "the transaction is not in the ledger accumulator");

        byte[] receiptBytes = p.getReceipt().toByteArray();
        Receipt receipt = Receipt.decode(receiptBytes);
        int index = (int) inBlock.leafIndex();
        require(receipt.txId().equals(tx.id()) && receipt.height() == header.height() && receipt.index() == index,
                "the receipt is for another transaction or position");
        require(p.hasReceiptsRoot(), "the proof does not carry the block's receipts root");
        StateEntryProof rootEntry = p.getReceiptsRoot();
        require(rootEntry.getContract().equals(Receipt.ROOTS_NAMESPACE)
                        && java.util.Arrays.equals(rootEntry.getKey().toByteArray(), Receipt.receiptsRootKey(header.height()))
                        && rootEntry.getPresent(),
                "the receipts root entry is not block " + header.height() + "'s");
        ProvenEntry root = entry(rootEntry, certified.stateRoot(), "receipts root");
        Hash receiptsRoot = Hash.of(root.value().orElseThrow().toArray());
        InclusionProof receiptPath = ProofCodec.fromProto(p.getReceiptInBlock());
        require(receiptPath.leafIndex() == inBlock.leafIndex() && receiptPath.treeSize() == inBlock.treeSize(),
                "the receipt's path is not for the transaction's position");
        checkInclusion(receiptPath.verify(Receipt.hashOf(receiptBytes), receiptsRoot),
                "the receipt is not in the block's receipts root");

        Sender signer = tx.decoded().sender();
        byte[] der = switch (signer) {
            case Sender.Certificate c -> {
                require(p.getSenderCertificate().isEmpty(), "sender_certificate is only for senders named by key id");
                yield c.der().toArray();
            }
            case Sender.KeyId k -> {
                byte[] cert = p.getSenderCertificate().toByteArray();
                require(cert.length > 0 && IdentityId.ofCertificate(cert).toBytes().equals(k.id()),
                        "the sender is named by key id and the proof lacks the certificate with that fingerprint");
                yield cert;
            }
        };
        PublicKeyInfo key = publicKey(der);
        require(key.verify(tx.id().unsafeArray(), tx.signature().unsafeArray()),
                "the transaction's signature does not verify with its sender's key");
        MembershipCheck member = members.validate(der, Instant.ofEpochMilli(header.timestampMs()));
        String sender = switch (member) {
            case MembershipCheck.Valid v -> v.member().qualifiedName();
            case MembershipCheck.Invalid bad -> "not a member: " + bad.reason();
        };
        return new ProvenFacts.Transaction(certified, tx.id(), tx, sender, member instanceof MembershipCheck.Valid,
                header.height(), index, globalIndex, header.timestampMs(), receipt);
    }

    private static PublicKeyInfo publicKey(byte[] certificateDer) {
        try {
            return PublicKeyInfo.fromSubjectPublicKeyInfo(
                    Certificates.parse(certificateDer).getSubjectPublicKeyInfo().getEncoded());
        } catch (java.io.IOException e) {
            throw new Rejected("the sender's certificate has an unreadable public key: " + e.getMessage());
        }
    }

    private static void checkInclusion(ProofCheck check, String what) {
        if (check instanceof ProofCheck.Invalid bad) {
            throw new Rejected(what + ": " + bad.reason());
        }
    }

    private static void require(boolean ok, String reason) {
        if (!ok) {
            throw new Rejected(reason);
        }
    }

    /** A key as text when it is printable ASCII, else hex. */
    static String printable(byte[] key) {
        for (byte b : key) {
            if (b < 0x20 || b > 0x7e) {
                return "0x" + Bytes.wrap(key).toHex();
            }
        }
        return new String(key, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** A failed check; its message is the verdict's reason. */
    private static final class Rejected extends RuntimeException {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }
}
