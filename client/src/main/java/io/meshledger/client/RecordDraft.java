package io.meshledger.client;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.Hashing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A record version to publish. Publishing an existing record id adds a version.
 *
 * @param dataset     the dataset id
 * @param record      the record id, unique within the dataset
 * @param contentHash SHA-256 of the content
 * @param payload     the content inline, or empty when it is kept off-chain
 * @param metadata    metadata pairs, in order
 * @param validFrom   first block height at which publishing this version is allowed, if limited
 * @param validUntil  last block height at which publishing this version is allowed, if limited
 */
public record RecordDraft(String dataset, String record, Hash contentHash, Bytes payload, List<Metadata> metadata,
                          OptionalLong validFrom, OptionalLong validUntil) {
    /** Refuses a content hash that is not the SHA-256 of an inline payload; copies the metadata. */
    public RecordDraft {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
        metadata = List.copyOf(metadata);
        if (payload.length() > 0 && !Hashing.sha256(payload.unsafeArray()).equals(contentHash)) {
            throw new IllegalArgumentException("the content hash is not the SHA-256 of the payload");
        }
    }

    /** A record whose content is {@code payload}, inline; the SDK computes its SHA-256. */
    public static RecordDraft of(String dataset, String record, byte[] payload) {
        return new RecordDraft(dataset, record, Hashing.sha256(payload), Bytes.of(payload), List.of(),
                OptionalLong.empty(), OptionalLong.empty());
    }

    /** A record whose content is kept off-chain: only its SHA-256 is published. */
    public static RecordDraft offChain(String dataset, String record, Hash contentHash) {
        return new RecordDraft(dataset, record, contentHash, Bytes.EMPTY, List.of(), OptionalLong.empty(),
                OptionalLong.empty());
    }

    /** This record with one more metadata pair. */
    public RecordDraft withMetadata(String key, String value) {
        List<Metadata> more = new ArrayList<>(metadata);
        more.add(new Metadata(key, value));
        return new RecordDraft(dataset, record, contentHash, payload, more, validFrom, validUntil);
    }

    /** This record, publishable only from {@code fromHeight} to {@code untilHeight} inclusive. */
    public RecordDraft validBetween(long fromHeight, long untilHeight) {
        return new RecordDraft(dataset, record, contentHash, payload, metadata, OptionalLong.of(fromHeight),
                OptionalLong.of(untilHeight));
    }

    /** This record, publishable only up to {@code untilHeight} inclusive. */
    public RecordDraft validUntil(long untilHeight) {
        return new RecordDraft(dataset, record, contentHash, payload, metadata, validFrom, OptionalLong.of(untilHeight));
    }
}
