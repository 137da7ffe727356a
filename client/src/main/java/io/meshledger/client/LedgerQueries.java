package io.meshledger.client;

import com.google.protobuf.ByteString;
import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.ConsistencyProof;
import io.meshledger.core.receipt.Receipt;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.proto.v1.GetConsistencyProofResponse;
import io.meshledger.proto.v1.GetHistoryRequest;
import io.meshledger.proto.v1.GetLedgerDigestResponse;
import io.meshledger.proto.v1.GetStateRequest;
import io.meshledger.proto.v1.GetStateResponse;
import io.meshledger.proto.v1.GetTransactionRequest;
import io.meshledger.proto.v1.GetTransactionResponse;
import io.meshledger.proto.v1.ScanRequest;
import io.meshledger.proto.v1.ScanResponse;
import io.meshledger.proto.v1.StateVersion;
import io.meshledger.proto.v1.StatusResponse;
import io.meshledger.proto.v1.Transaction;
import io.meshledger.proto.v1.TransactionStatusResponse;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Reads of the ledger: blocks, transactions, contract state (point, history,
 * prefix scan), certified digests, consistency proofs and node status. Reads
 * that may touch restricted datasets carry a signed read authorisation for the
 * client's identity, built fresh for each request. Proofs are returned as the
 * {@code LedgerProof} message, untouched, for the offline verifier. Failures
 * arrive as {@link MeshledgerException}s. Thread-safe.
 */
public final class LedgerQueries {
    /** Page size of {@link #scan(String, byte[])} and {@link #history(String, byte[])}. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** The largest history page asked for: the node's own cap, above which a short page would look like the end. */
    public static final int MAX_HISTORY_PAGE = 1_000;

    private final LedgerClient ledger;
    private final Supplier<Transaction> auth;
    private final TipCache tip;

    LedgerQueries(LedgerClient ledger, Supplier<Transaction> auth, TipCache tip) {
        this.ledger = ledger;
        this.auth = auth;
        this.tip = tip;
    }

    /** The committed block at {@code height}, with its ledger certificate when the node has one. */
    public BlockRead block(long height) {
        var r = Failures.read(() -> ledger.block(height, true));
        Block block = Block.fromProto(r.getBlock());
        tip.observe(block.height());
        return new BlockRead(block, r.hasCertificate() ? Optional.of(LedgerCertificate.fromProto(r.getCertificate()))
                : Optional.empty());
    }

    /** A committed transaction with its location and receipt. */
    public TransactionRead transaction(Hash txId) {
        return transaction(txId, false);
    }

    /** A committed transaction; with {@code withProof}, also its self-contained proof when the node serves one. */
    public TransactionRead transaction(Hash txId, boolean withProof) {
        GetTransactionRequest request = GetTransactionRequest.newBuilder().setTxId(bytes(txId.unsafeArray()))
                .setWithProof(withProof).setAuth(auth.get()).build();
        GetTransactionResponse r = Failures.read(() -> ledger.transaction(request));
        return new TransactionRead(SignedTransaction.fromProto(r.getTransaction()), r.getLocation().getHeight(),
                r.getLocation().getIndex(), r.getLocation().getGlobalIndex(),
                r.hasReceipt() ? Optional.of(Receipt.decode(r.getReceipt().toByteArray())) : Optional.empty(),
                r.hasProof() ? Optional.of(r.getProof()) : Optional.empty());
    }

    /** Where a transaction stands on the first reachable node. */
    public TransactionStatus transactionStatus(Hash txId) {
        TransactionStatusResponse r = Failures.read(() -> ledger.transactionStatus(txId));
        TransactionStatus.State state = switch (r.getState()) {
            case PENDING -> TransactionStatus.State.PENDING;
            case COMMITTED -> TransactionStatus.State.COMMITTED;
            case REJECTED -> TransactionStatus.State.REJECTED;
            case UNKNOWN, TRANSACTION_STATE_UNSPECIFIED, UNRECOGNIZED -> TransactionStatus.State.UNKNOWN;
        };
        return new TransactionStatus(state, r.getLocation().getHeight(), r.getLocation().getIndex(), r.getReason());
    }

    /** A contract state key at the tip. */
    public StateRead state(String contract, byte[] key) {
        return state(contract, key, 0, false);
    }

    /**
     * A contract state key at {@code height} (0: the tip); with {@code withProof}
     * the node answers at the latest certified height at or below it, with a proof.
     */
    public StateRead state(String contract, byte[] key, long height, boolean withProof) {
        GetStateRequest request = GetStateRequest.newBuilder().setContract(contract).setKey(bytes(key))
                .setHeight(height).setWithProof(withProof).setAuth(auth.get()).build();
        GetStateResponse r = Failures.read(() -> ledger.state(request));
        return new StateRead(r.getHeight(), r.getFound() ? Optional.of(Bytes.of(r.getValue().toByteArray()))
                : Optional.empty(), r.hasProof() ? Optional.of(r.getProof()) : Optional.empty());
    }

    /** Every version of a state key, oldest first, fetched page by page as the stream is consumed. */
    public Stream<KeyVersion> history(String contract, byte[] key) {
        return history(contract, key, 0, DEFAULT_PAGE_SIZE);
    }

    /**
     * Versions of a state key written at or above {@code fromHeight}, oldest
     * first, about {@code pageSize} (at most {@value #MAX_HISTORY_PAGE}) per request.
     */
    public Stream<KeyVersion> history(String contract, byte[] key, long fromHeight, int pageSize) {
        requirePageSize(pageSize);
        byte[] k = key.clone();
        int limit = Math.min(pageSize, MAX_HISTORY_PAGE);
        return Pages.stream(fromHeight, from -> historyPage(contract, k, from, limit));
    }

    /**
     * Every present key with {@code prefix} in ascending order, with its value,
     * read at the tip of the first request so every page sees the same state.
     */
    public Stream<StateEntry> scan(String contract, byte[] prefix) {
        return scan(contract, prefix, DEFAULT_PAGE_SIZE);
    }

    /** Like {@link #scan(String, byte[])}, {@code pageSize} keys per request. */
    public Stream<StateEntry> scan(String contract, byte[] prefix, int pageSize) {
        requirePageSize(pageSize);
        byte[] p = prefix.clone();
        long height = tip.fresh();
        return Pages.stream(Optional.<Bytes>empty(), after -> {
            ScanPage page = scanPage(contract, p, after.orElse(null), pageSize, height);
            return new Pages.Page<>(page.entries(), page.nextStartAfter().map(Optional::of));
        });
    }

    /**
     * One page of present keys with {@code prefix} after {@code startAfter}
     * (null: from the first) at {@code height} (0: the tip).
     */
    public ScanPage scanPage(String contract, byte[] prefix, Bytes startAfter, int limit, long height) {
        ScanRequest.Builder b = ScanRequest.newBuilder().setContract(contract).setPrefix(bytes(prefix)).setLimit(limit)
                .setHeight(height).setAuth(auth.get());
        if (startAfter != null) {
            b.setStartAfter(bytes(startAfter.unsafeArray()));
        }
        ScanRequest request = b.build();
        ScanResponse r = Failures.read(() -> ledger.scan(request));
        return new ScanPage(r.getEntriesList().stream().map(kv -> new StateEntry(Bytes.of(kv.getKey().toByteArray()),
                Bytes.of(kv.getValue().toByteArray()))).toList(), r.getMore(),
                r.getNextStartAfter().isEmpty() ? Optional.empty() : Optional.of(Bytes.of(r.getNextStartAfter().toByteArray())));
    }

    /** The latest certified ledger digest. */
    public LedgerDigestRead ledgerDigest() {
        return ledgerDigest(0);
    }

    /** The certified ledger digest of {@code height} (0: the latest certified). */
    public LedgerDigestRead ledgerDigest(long height) {
        GetLedgerDigestResponse r = Failures.read(() -> ledger.ledgerDigest(height));
        return new LedgerDigestRead(LedgerCertificate.fromProto(r.getCertificate()), hash(r.getBlockHash()),
                hash(r.getTxAccumulatorRoot()), r.getTxCount());
    }

    /** A proof that the ledger at {@code toHeight} (0: the tip) extends the ledger at {@code fromHeight}. */
    public ConsistencyRead consistencyProof(long fromHeight, long toHeight) {
        GetConsistencyProofResponse r = Failures.read(() -> ledger.consistencyProof(fromHeight, toHeight));
        var p = r.getProof();
        ConsistencyProof proof = new ConsistencyProof(p.getFirstSize(), p.getSecondSize(),
                p.getPathList().stream().map(LedgerQueries::hash).toList());
        return new ConsistencyRead(proof,
                r.hasFromCertificate() ? Optional.of(LedgerCertificate.fromProto(r.getFromCertificate())) : Optional.empty(),
                r.hasToCertificate() ? Optional.of(LedgerCertificate.fromProto(r.getToCertificate())) : Optional.empty());
    }

    /** The status of the preferred reachable node. */
    public NodeStatus status() {
        StatusResponse s = Failures.read(ledger::status);
        tip.observe(s.getHeight());
        return new NodeStatus(s.getNode(), s.getHeight(), s.getRound(), s.getLeader(), s.getPeersConnected(),
                s.hasLastCertificate() ? Optional.of(LedgerCertificate.fromProto(s.getLastCertificate()))
                        : Optional.empty(),
                Bytes.of(s.getStateRoot().toByteArray()), s.getMempoolSize(), s.getCertifying(), s.getDivergedAt());
    }

    // ------------------------------------------------------------------ internals

    /**
     * The versions to hand out from {@code from} on, and the height the next
     * page starts at. The API pages by height only, and a block may hold several
     * versions of one key, so a full page may stop inside a block: its last
     * height is then left out and fetched again, in full, by the next page. A
     * full page within a single height is fetched again with a larger limit.
     */
    private Pages.Page<KeyVersion, Long> historyPage(String contract, byte[] key, long from, int pageSize) {
        for (int limit = pageSize; ; limit = Math.min(MAX_HISTORY_PAGE, limit * 2)) {
            int l = limit;
            GetHistoryRequest request = GetHistoryRequest.newBuilder().setContract(contract).setKey(bytes(key))
                    .setFromHeight(from).setLimit(l).setAuth(auth.get()).build();
            List<KeyVersion> page = Failures.read(() -> ledger.history(request)).getVersionsList().stream()
                    .map(LedgerQueries::version).toList();
            if (page.size() < limit) {
                return new Pages.Page<>(page, Optional.empty());
            }
            long last = page.get(page.size() - 1).height();
            if (last > from) {
                return new Pages.Page<>(page.stream().filter(v -> v.height() < last).toList(), Optional.of(last));
            }
            if (limit == MAX_HISTORY_PAGE) {
                throw new IllegalStateException("more than " + MAX_HISTORY_PAGE + " versions of one key at height "
                        + from + ": the history API cannot page through them");
            }
        }
    }

    private static KeyVersion version(StateVersion v) {
        return new KeyVersion(v.getHeight(), v.getTxIndex(),
                v.getTxId().size() == Hash.LENGTH ? Optional.of(hash(v.getTxId())) : Optional.empty(),
                v.getDeleted() ? Optional.empty() : Optional.of(Bytes.of(v.getValue().toByteArray())));
    }

    private static void requirePageSize(int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be >= 1, got " + pageSize);
        }
    }

    private static Hash hash(ByteString b) {
        return Hash.of(b.toByteArray());
    }

    private static ByteString bytes(byte[] b) {
        return ByteString.copyFrom(Objects.requireNonNull(b));
    }
}
