package io.meshledger.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how a {@link ResumableSubscription} connects.
 *
 * @param endpoints        nodes to read from, the first preferred; on a failure the next one is tried
 * @param authoriser       signs the read authorisation at each connection; null to read anonymously
 * @param firstRetry       wait before reconnecting after a failure; doubled per consecutive failure
 * @param maxRetry         the longest wait between reconnections
 * @param maxFailedAttempts consecutive connection attempts that deliver nothing before the subscription fails
 */
public record StreamOptions(List<LedgerClient.Endpoint> endpoints, ReadAuthoriser authoriser, Duration firstRetry,
                            Duration maxRetry, int maxFailedAttempts) {
    public StreamOptions {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one endpoint is needed");
        }
        Objects.requireNonNull(firstRetry, "firstRetry");
        Objects.requireNonNull(maxRetry, "maxRetry");
        if (maxFailedAttempts < 1 || firstRetry.isNegative() || maxRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("retry options out of range: " + firstRetry + ".." + maxRetry + ", "
                    + maxFailedAttempts + " attempts");
        }
    }

    /** Anonymous reads over {@code endpoints}; retries from 100 ms to 2 s, giving up after 60 attempts in a row fail. */
    public static StreamOptions of(List<LedgerClient.Endpoint> endpoints) {
        return new StreamOptions(endpoints, null, Duration.ofMillis(100), Duration.ofSeconds(2), 60);
    }

    public StreamOptions withAuthoriser(ReadAuthoriser authoriser) {
        return new StreamOptions(endpoints, authoriser, firstRetry, maxRetry, maxFailedAttempts);
    }

    public StreamOptions withRetries(Duration first, Duration max, int attempts) {
        return new StreamOptions(endpoints, authoriser, first, max, attempts);
    }
}
