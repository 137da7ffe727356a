package io.meshledger.node.network;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.proto.peer.v1.Ack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-lived inbound stream from an authenticated validator. Each message
 * is decoded and handed on by the handler; a message that does not decode is
 * dropped and counted against the peer, and when the peer crosses the
 * threshold this stream is closed with {@code INVALID_ARGUMENT}
 * ({@code MALFORMED_MESSAGE}). Callbacks arrive serially on a transport thread.
 */
final class InboundStream implements StreamObserver<byte[]> {
    private static final Logger log = LoggerFactory.getLogger(InboundStream.class);

    /** Decodes and delivers one message. Must not block. */
    interface Handler {
        void handle(IdentityId from, byte[] message) throws MalformedMessageException;
    }

    private final String method;
    private final IdentityId from;
    private final StreamObserver<Ack> response;
    private final MisbehaviourTracker misbehaviour;
    private final Handler handler;
    private boolean closed;

    InboundStream(String method, IdentityId from, StreamObserver<Ack> response, MisbehaviourTracker misbehaviour,
                  Handler handler) {
        this.method = method;
        this.from = from;
        this.response = response;
        this.misbehaviour = misbehaviour;
        this.handler = handler;
    }

    @Override
    public void onNext(byte[] message) {
        if (closed) {
            return;
        }
        try {
            handler.handle(from, message);
        } catch (MalformedMessageException e) {
            log.debug("malformed {} message from {}: {}", method, from, e.reason());
            if (misbehaviour.recordMalformed(from)) {
                closed = true;
                log.warn("cut off peer {} on {}: {} malformed messages, last: {}", from.toHex(), method,
                        misbehaviour.malformed(from), e.reason());
                response.onError(PeerErrors.exception(Status.INVALID_ARGUMENT, PeerErrors.MALFORMED_MESSAGE,
                        "too many malformed messages, last: " + e.reason()));
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        closed = true;
        log.debug("{} stream from {} ended: {}", method, from, Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
        if (!closed) {
            closed = true;
            response.onNext(Ack.getDefaultInstance());
            response.onCompleted();
        }
    }
}
