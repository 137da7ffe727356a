package io.meshledger.node.api;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.meshledger.node.config.Endpoint;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The standard gRPC health service on the client API port, over a real socket. */
class ApiServerHealthTest {
    @Test
    void healthIsServingUntilTheStopBeginsThenNotServingAndNewCallsAreRefusedAsUnavailable() throws Exception {
        ApiServer server = ApiServer.start(new Endpoint("127.0.0.1", 0), List.of());
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        try {
            HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS);
            assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());

            BlockingQueue<ServingStatus> watched = new LinkedBlockingQueue<>();
            HealthGrpc.newStub(channel).watch(HealthCheckRequest.getDefaultInstance(), new StreamObserver<>() {
                @Override
                public void onNext(HealthCheckResponse response) {
                    watched.add(response.getStatus());
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                }
            });
            assertEquals(ServingStatus.SERVING, watched.poll(5, TimeUnit.SECONDS));

            server.stopAccepting();
            assertEquals(ServingStatus.NOT_SERVING, watched.poll(5, TimeUnit.SECONDS));
            // HTTP/2 closes a connection in two steps (GOAWAY, ping, final GOAWAY): a call sent within that round
            // trip is still served. From then on every new call is refused.
            Status.Code refused = null;
            for (int attempt = 0; attempt < 50 && refused == null; attempt++) {
                try {
                    HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                            .check(HealthCheckRequest.getDefaultInstance());
                    Thread.sleep(20);
                } catch (StatusRuntimeException e) {
                    refused = e.getStatus().getCode();
                }
            }
            assertEquals(Status.Code.UNAVAILABLE, refused);

            // The open watch does not hold the stop beyond its bound.
            long started = System.nanoTime();
            server.close();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "close took " + took);
        } finally {
            channel.shutdownNow();
            server.close();
        }
    }
}
