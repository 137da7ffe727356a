package io.meshledger.node.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.meshledger.node.storage.BlockOutline;
import io.meshledger.node.storage.LedgerStore;
import io.meshledger.node.storage.StateStore;
import io.meshledger.node.storage.StoredValue;
import io.meshledger.proto.v1.GetHistoryRequest;
import io.meshledger.proto.v1.GetHistoryResponse;
import io.meshledger.proto.v1.GetStateRequest;
import io.meshledger.proto.v1.GetStateResponse;
import io.meshledger.proto.v1.KeyValue;
import io.meshledger.proto.v1.LedgerProof;
import io.meshledger.proto.v1.ScanRequest;
import io.meshledger.proto.v1.ScanResponse;
import io.meshledger.proto.v1.StateEntryProof;
import io.meshledger.proto.v1.StateVersion;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * State reads of the {@code Query} service: a key's value at a height (with a
 * proof on request), its history, and paginated prefix or range scans.
 * Heights default to the tip; a height above the tip is refused rather than
 * answered with the tip's state. Records of restricted datasets are read only
 * by callers the {@link ReadAccess} allows.
 */
final class StateReads {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1_000;

    private final LedgerStore ledger;
    private final StateStore state;
    private final ReadAccess access;
    private final ProofAssembler proofs;

    StateReads(LedgerStore ledger, StateStore state, ReadAccess access, ProofAssembler proofs) {
        this.ledger = ledger;
        this.state = state;
        this.access = access;
        this.proofs = proofs;
    }

    GetStateResponse get(GetStateRequest request) {
        requireKey(request.getContract(), request.getKey().size());
        long height = height(request.getHeight());
        byte[] key = request.getKey().toByteArray();
        requireRead(access.reader(request.getAuth()), request.getContract(), key);
        if (request.getWithProof()) {
            long anchor = proofs.anchorFor(height);
            LedgerProof proof = proofs.state(List.of(new ProofAssembler.Slot(request.getContract(), key)), anchor);
            StateEntryProof entry = proof.getState().getEntries(0);
            return GetStateResponse.newBuilder().setHeight(anchor).setFound(entry.getPresent()).setValue(entry.getValue())
                    .setProof(proof).build();
        }
        Optional<StoredValue> value = state.stateValue(request.getContract(), key, height);
        GetStateResponse.Builder out = GetStateResponse.newBuilder().setHeight(height).setFound(value.isPresent());
        value.ifPresent(v -> out.setValue(ProtoBytes.of(v.value())));
        return out.build();
    }

    GetHistoryResponse history(GetHistoryRequest request) {
        requireKey(request.getContract(), request.getKey().size());
        byte[] key = request.getKey().toByteArray();
        requireRead(access.reader(request.getAuth()), request.getContract(), key);
        List<StoredValue> versions = state.stateHistory(request.getContract(), key, request.getFromHeight(),
                limit(request.getLimit()));
        GetHistoryResponse.Builder out = GetHistoryResponse.newBuilder();
        BlockOutline block = null;
        for (StoredValue v : versions) {
            if (block == null || block.header().height() != v.height()) {
                block = ledger.outline(v.height()).orElse(null);
            }
            StateVersion.Builder b = StateVersion.newBuilder().setHeight(v.height()).setTxIndex(v.txIndex())
                    .setDeleted(v.deletion());
            if (!v.deletion()) {
                b.setValue(ProtoBytes.of(v.value()));
            }
            if (block != null && v.txIndex() < block.transactionIds().size()) {
                b.setTxId(ProtoBytes.of(block.transactionIds().get(v.txIndex())));
            }
            if (request.getWithProof()) {
                provenAt(request.getContract(), key, v.height()).ifPresent(b::setProof);
            }
            out.addVersions(b);
        }
        return out.build();
    }

    /**
     * The key's value at a version's height, proven; empty when that height has
     * no certificate (yet): a proof at a later height would prove a later value.
     */
    private Optional<LedgerProof> provenAt(String contract, byte[] key, long height) {
        return proofs.certifiedAtOrBelow(height).filter(h -> h == height)
                .map(h -> proofs.state(List.of(new ProofAssembler.Slot(contract, key)), h));
    }

    /**
     * A page of present keys. Entries the caller may not read are skipped, not
     * refused, so one restricted dataset does not hide a whole prefix; the
     * continuation token still moves past them.
     */
    ScanResponse scan(ScanRequest request) {
        if (request.getContract().isEmpty()) {
            throw invalid("contract is required");
        }
        long height = height(request.getHeight());
        if (request.getWithProof()) {
            height = proofs.anchorFor(height);
        }
        Reader reader = access.reader(request.getAuth());
        int limit = limit(request.getLimit());
        byte[] startAfter = request.getStartAfter().isEmpty() ? null : request.getStartAfter().toByteArray();
        byte[] end = request.getEnd().isEmpty() ? null : request.getEnd().toByteArray();
        // One extra entry says whether another page exists.
        List<StoredValue> page = state.scanState(request.getContract(), request.getPrefix().toByteArray(), startAfter,
                limit + 1, height);
        ScanResponse.Builder out = ScanResponse.newBuilder().setHeight(height);
        Map<String, Boolean> readable = new HashMap<>();
        int taken = 0;
        for (StoredValue v : page) {
            if (end != null && Arrays.compareUnsigned(v.key().unsafeArray(), end) >= 0) {
                return withProof(request, out.setMore(false), height);
            }
            if (taken == limit) {
                return withProof(request, out.setMore(true), height);
            }
            taken++;
            out.setNextStartAfter(ProtoBytes.of(v.key()));
            boolean allowed = ContractReadAccess.datasetOfKey(request.getContract(), v.key().unsafeArray())
                    .map(d -> readable.computeIfAbsent(d, x -> access.mayRead(reader, request.getContract(), v.key().unsafeArray())))
                    .orElse(true);
            if (allowed) {
                out.addEntries(KeyValue.newBuilder().setKey(ProtoBytes.of(v.key())).setValue(ProtoBytes.of(v.value())));
            }
        }
        return withProof(request, out.setMore(false), height);
    }

    private ScanResponse withProof(ScanRequest request, ScanResponse.Builder out, long height) {
        if (request.getWithProof() && out.getEntriesCount() > 0) {
            out.setProof(proofs.state(out.getEntriesList().stream()
                    .map(e -> new ProofAssembler.Slot(request.getContract(), e.getKey().toByteArray())).toList(), height));
        }
        return out.build();
    }

    private void requireRead(Reader reader, String contract, byte[] key) {
        if (!access.mayRead(reader, contract, key)) {
            throw ErrorStatus.of(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", describe(reader)
                    + " may not read this record: its dataset is restricted and needs a READ grant");
        }
    }

    static String describe(Reader reader) {
        return reader instanceof Reader.Member m ? m.caller().qualifiedName()
                : "an anonymous caller (no signed read authorisation)";
    }

    private long height(long requested) {
        long tip = ledger.tip().height();
        if (requested > tip) {
            throw ErrorStatus.of(Status.Code.OUT_OF_RANGE, ErrorStatus.NOT_FOUND, "height " + requested
                    + " is above the tip " + tip);
        }
        return requested == 0 ? tip : requested;
    }

    private static int limit(int requested) {
        return requested <= 0 ? DEFAULT_LIMIT : Math.min(requested, MAX_LIMIT);
    }

    private static void requireKey(String contract, int keyLength) {
        if (contract.isEmpty() || keyLength == 0) {
            throw invalid("contract and key are required");
        }
    }

    private static StatusRuntimeException invalid(String message) {
        return ErrorStatus.of(Status.Code.INVALID_ARGUMENT, ErrorStatus.INVALID_ARGUMENT, message);
    }
}
