package io.meshledger.tests;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.meshledger.node.config.Endpoint;
import io.meshledger.node.metrics.PrometheusText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What an operator's monitoring reads from a node of a {@link LocalCluster}: its metrics page and its gRPC health. */
final class Scrapes {
    private final LocalCluster cluster;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Scrapes(LocalCluster cluster) {
        this.cluster = cluster;
    }

    /** {@code GET http://<metrics_listen>/metrics} of node {@code node}, parsed. */
    PrometheusText metrics(int node) {
        Endpoint at = cluster.config(node).metricsListen()
                .orElseThrow(() -> new AssertionError(cluster.name(node) + " has no metrics_listen"));
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://" + at.host() + ":" + at.port() + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("scraping " + cluster.name(node) + " answered HTTP " + r.statusCode());
            }
            return PrometheusText.parse(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scrape " + cluster.name(node), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The standard gRPC health check ({@code grpc.health.v1.Health/Check}) on the node's client API port. */
    ServingStatus health(int node) {
        ManagedChannel channel = healthChannel(node);
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
        } finally {
            channel.shutdownNow();
        }
    }

    ManagedChannel healthChannel(int node) {
        Endpoint api = cluster.config(node).apiListen();
        return NettyChannelBuilder.forAddress(api.host(), api.port()).usePlaintext().build();
    }
}
