package io.meshledger.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A dataset to register.
 *
 * @param id          dataset id: letters, digits, '.', '_' or '-'
 * @param visibility  who may read its records
 * @param jsonSchema  JSON Schema every payload must conform to; empty for none
 * @param description what it holds
 * @param metadata    metadata pairs, in order
 */
public record DatasetSpec(String id, DatasetVisibility visibility, String jsonSchema, String description,
                          List<Metadata> metadata) {
    /** Refuses missing components; copies the metadata. */
    public DatasetSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(jsonSchema, "jsonSchema");
        Objects.requireNonNull(description, "description");
        metadata = List.copyOf(metadata);
    }

    /** A dataset with no schema, description or metadata. */
    public static DatasetSpec of(String id, DatasetVisibility visibility) {
        return new DatasetSpec(id, visibility, "", "", List.of());
    }

    /** This dataset with payloads checked against {@code schema}. */
    public DatasetSpec withSchema(String schema) {
        return new DatasetSpec(id, visibility, schema, description, metadata);
    }

    /** This dataset with a description. */
    public DatasetSpec withDescription(String text) {
        return new DatasetSpec(id, visibility, jsonSchema, text, metadata);
    }

    /** This dataset with one more metadata pair. */
    public DatasetSpec withMetadata(String key, String value) {
        List<Metadata> more = new ArrayList<>(metadata);
        more.add(new Metadata(key, value));
        return new DatasetSpec(id, visibility, jsonSchema, description, more);
    }
}
