package io.meshledger.node.api;

import io.grpc.stub.StreamObserver;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.node.mempool.Mempool;
import io.meshledger.node.storage.LedgerStore;
import io.meshledger.node.storage.StateStore;
import io.meshledger.proto.v1.AdminGrpc;
import io.meshledger.proto.v1.StatusRequest;
import io.meshledger.proto.v1.StatusResponse;

import java.util.Optional;

/**
 * The {@code Admin} service: the node's height, round, leader, peers, last
 * certified digest, view changes, uptime and version.
 */
public final class AdminService extends AdminGrpc.AdminImplBase {
    private static final int CERTIFICATE_LOOKBACK = 1_000;

    private final String nodeName;
    private final LedgerStore store;
    private final Mempool mempool;
    private final StatusSource source;
    private final StateStore state;

    public AdminService(String nodeName, LedgerStore store, StateStore state, Mempool mempool, StatusSource source) {
        this.nodeName = nodeName;
        this.store = store;
        this.state = state;
        this.mempool = mempool;
        this.source = source;
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
        StatusSource.ConsensusStatus consensus = source.consensus();
        var tip = store.tip();
        long height = tip.height();
        StatusResponse.Builder b = StatusResponse.newBuilder()
                .setNode(nodeName)
                .setHeight(height)
                .setRound(consensus.round())
                .setLeader(consensus.leader())
                .setPeersConnected(source.peersConnected())
                .setMempoolSize(mempool.size())
                .setCertifying(source.certifying())
                .setDivergedAt(source.divergedAt())
                .setViewChanges(source.viewChanges())
                .setUptimeSeconds(source.uptimeSeconds())
                .setVersion(source.version())
                .setCommittedTransactions(tip.txCount());
        state.stateRoot(height).ifPresent(root -> b.setStateRoot(ProtoBytes.of(root)));
        latestCertificate(height).ifPresent(c -> b.setLastCertificate(c.toProto()));
        response.onNext(b.build());
        response.onCompleted();
    }

    private Optional<LedgerCertificate> latestCertificate(long tip) {
        for (long h = tip; h >= 1 && h > tip - CERTIFICATE_LOOKBACK; h--) {
            Optional<LedgerCertificate> c = store.certificate(h);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }
}
