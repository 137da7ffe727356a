package io.meshledger.client;

import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.proto.v1.ErrorDetail;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

class FailuresTest {
    static StatusRuntimeException answered(Status.Code code, String reason, String message) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder().setCode(code.value())
                .setMessage(message).addDetails(Any.pack(ErrorDetail.newBuilder().setReason(reason)
                        .setMessage(message).build())).build());
    }

    @Test
    void aNodesRefusalKeepsItsReasonCodeStatusAndExplanation() {
        StatusRuntimeException e = answered(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED",
                "org2/auditor may not read dataset 'sensors'");
        RequestRefusedException r = assertInstanceOf(RequestRefusedException.class, Failures.translate(e, null));
        assertEquals("PERMISSION_DENIED", r.reason());
        assertEquals(Status.Code.PERMISSION_DENIED, r.statusCode());
        assertEquals("PERMISSION_DENIED: org2/auditor may not read dataset 'sensors'", r.getMessage());
        assertSame(e, r.getCause());
    }

    @Test
    void noAnswerFromAnyNodeIsUnavailable() {
        MeshledgerException m = Failures.translate(Status.UNAVAILABLE.withDescription("connection refused")
                .asRuntimeException(), null);
        assertInstanceOf(NetworkUnavailableException.class, m);
        assertEquals("UNAVAILABLE", m.reason());
    }

    @Test
    void aCommitWaitThatRanOutNamesTheTransactionThatMayStillCommit() {
        var id = Hashing.sha256(new byte[] {1});
        MeshledgerException m = Failures.translate(answered(Status.Code.DEADLINE_EXCEEDED, "TIMEOUT", "not yet"), id);
        CommitTimeoutException t = assertInstanceOf(CommitTimeoutException.class, m);
        assertEquals(id, t.txId());
        assertEquals("TIMEOUT", t.reason());
    }

    @Test
    void anErrorWithoutAReasonThatIsNotATransportFailureKeepsItsGrpcCode() {
        MeshledgerException m = Failures.translate(Status.INTERNAL.withDescription("boom").asRuntimeException(), null);
        assertEquals("INTERNAL", m.reason());
        assertInstanceOf(RequestRefusedException.class, m);
    }
}
