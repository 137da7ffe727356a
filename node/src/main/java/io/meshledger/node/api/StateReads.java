package io.meshledger.node.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.meshledger.core.block.Block;
import io.meshledger.node.storage.LedgerStore;
import io.meshledger.node.storage.StateStore;
import io.meshledger.node.storage.StoredValue;
import io.meshledger.proto.v1.GetHistoryRequest;
import io.meshledger.proto.v1.GetHistoryResponse;
import io.meshledger.proto.v1.GetStateRequest;
import io.meshledger.proto.v1.GetStateResponse;
import io.meshledger.proto.v1.KeyValue;
import io.meshledger.proto.v1.ScanRequest;
import io.meshledger.proto.v1.ScanResponse;
import io.meshledger.proto.v1.StateVersion;

import java.util.List;
import java.util.Optional;

/**
 * State reads of the {@code Query} service: a key's value at a height, its
 * history, and paginated prefix scans. Heights default to the tip; a height
 * above the tip is refused rather than answered with the tip's state.
 */
final class StateReads {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1_000;

    private final LedgerStore ledger;
    private final StateStore state;

    StateReads(LedgerStore ledger, StateStore state) {
        this.ledger = ledger;
        this.state = state;
    }

    GetStateResponse get(GetStateRequest request) {
        long height = height(request.getHeight());
        requireKey(request.getContract(), request.getKey().size());
        Optional<StoredValue> value = state.stateValue(request.getContract(), request.getKey().toByteArray(), height);
        GetStateResponse.Builder out = GetStateResponse.newBuilder().setHeight(height).setFound(value.isPresent());
        value.ifPresent(v -> out.setValue(ProtoBytes.of(v.value())));
        return out.build();
    }

    GetHistoryResponse history(GetHistoryRequest request) {
        requireKey(request.getContract(), request.getKey().size());
        List<StoredValue> versions = state.stateHistory(request.getContract(), request.getKey().toByteArray(),
                request.getFromHeight(), limit(request.getLimit()));
        GetHistoryResponse.Builder out = GetHistoryResponse.newBuilder();
        Block block = null;
        for (StoredValue v : versions) {
            if (block == null || block.height() != v.height()) {
                block = ledger.block(v.height()).orElse(null);
            }
            StateVersion.Builder b = StateVersion.newBuilder().setHeight(v.height()).setTxIndex(v.txIndex())
                    .setDeleted(v.deletion());
            if (!v.deletion()) {
                b.setValue(ProtoBytes.of(v.value()));
            }
            if (block != null && v.txIndex() < block.transactions().size()) {
                b.setTxId(ProtoBytes.of(block.transactions().get(v.txIndex()).id()));
            }
            out.addVersions(b);
        }
        return out.build();
    }

    ScanResponse scan(ScanRequest request) {
        long height = height(request.getHeight());
        if (request.getContract().isEmpty()) {
            throw invalid("contract is required");
        }
        int limit = limit(request.getLimit());
        byte[] startAfter = request.getStartAfter().isEmpty() ? null : request.getStartAfter().toByteArray();
        // One extra entry says whether another page exists.
        List<StoredValue> page = state.scanState(request.getContract(), request.getPrefix().toByteArray(), startAfter,
                limit + 1, height);
        ScanResponse.Builder out = ScanResponse.newBuilder().setMore(page.size() > limit);
        for (StoredValue v : page.subList(0, Math.min(limit, page.size()))) {
            out.addEntries(KeyValue.newBuilder().setKey(ProtoBytes.of(v.key())).setValue(ProtoBytes.of(v.value())));
        }
        return out.build();
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
