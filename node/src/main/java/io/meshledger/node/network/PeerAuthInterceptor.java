package io.meshledger.node.network;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.validators.ValidatorSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Admits a call only from a validator: the TLS session's client certificate
 * (already chain-checked against the genesis roots in the handshake) must have
 * the fingerprint of a validator in the set. Others, for example a member
 * organisation's user certificate, are closed with {@code PERMISSION_DENIED}
 * before any message reaches a handler. The admitted validator's identity is
 * in {@link #PEER} for the call's handlers.
 */
final class PeerAuthInterceptor implements ServerInterceptor {
    /** The authenticated validator a call comes from. */
    static final Context.Key<IdentityId> PEER = Context.key("meshledger-peer");

    private static final Logger log = LoggerFactory.getLogger(PeerAuthInterceptor.class);

    private final ValidatorSet validators;
    private final LongAdder denied = new LongAdder();

    PeerAuthInterceptor(ValidatorSet validators) {
        this.validators = validators;
    }

    /** Calls refused so far. */
    long denied() {
        return denied.sum();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (session == null) {
            return refuse(call, Status.UNAUTHENTICATED, PeerErrors.UNAUTHENTICATED, "peer calls need mutual TLS");
        }
        IdentityId id;
        try {
            Certificate[] chain = session.getPeerCertificates();
            id = IdentityId.ofCertificate(chain[0].getEncoded());
        } catch (SSLPeerUnverifiedException | CertificateEncodingException | ArrayIndexOutOfBoundsException e) {
            return refuse(call, Status.UNAUTHENTICATED, PeerErrors.UNAUTHENTICATED, "no verified client certificate");
        }
        if (!validators.contains(id)) {
            log.warn("refused peer call {} from {} ({}): not a validator of epoch {}",
                    call.getMethodDescriptor().getBareMethodName(), call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
                    id.toHex(), validators.epoch());
            return refuse(call, Status.PERMISSION_DENIED, PeerErrors.PERMISSION_DENIED,
                    "certificate " + id.toHex() + " is not a validator's");
        }
        return Contexts.interceptCall(Context.current().withValue(PEER, id), call, headers, next);
    }

    private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, String reason, String message) {
        denied.increment();
        call.close(status.withDescription(message), PeerErrors.trailers(reason, message));
        return new ServerCall.Listener<>() {
        };
    }
}
