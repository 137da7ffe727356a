package io.meshledger.contracts.support;

import io.meshledger.proto.v1.MetadataEntry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Stateless checks on method arguments, with the limits every system contract
 * applies. Each failure is an {@code INVALID_ARGUMENT} naming the field and the
 * number that broke the rule.
 */
public final class Checks {
    /** Dataset and record ids: they become parts of state keys and event keys, so no '/' and no spaces. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    public static final int MAX_DATASET_ID = 128;
    public static final int MAX_RECORD_ID = 256;
    /** Organisation and identity names (from certificates): any printable text without '/'. */
    public static final int MAX_NAME = 128;
    public static final int MAX_DESCRIPTION = 4096;
    public static final int MAX_METADATA_ENTRIES = 64;
    public static final int MAX_METADATA_KEY = 128;
    public static final int MAX_METADATA_VALUE = 1024;
    public static final int MAX_CLAIM = 4096;
    public static final int MAX_EVIDENCE = 2048;
    public static final int HASH_BYTES = 32;

    private Checks() {
    }

    public static String datasetId(String id) {
        return id("dataset_id", id, MAX_DATASET_ID);
    }

    public static String recordId(String id) {
        return id("record_id", id, MAX_RECORD_ID);
    }

    private static String id(String field, String id, int max) {
        if (id.isEmpty() || id.length() > max) {
            throw Fail.invalid(field + " must be 1.." + max + " characters, got " + id.length());
        }
        if (!ID.matcher(id).matches()) {
            throw Fail.invalid(field + " '" + id + "' must match " + ID.pattern());
        }
        return id;
    }

    /** An organisation or common name: 1..128 characters, no '/', no control characters. */
    public static String name(String field, String value) {
        if (value.isEmpty() || value.length() > MAX_NAME) {
            throw Fail.invalid(field + " must be 1.." + MAX_NAME + " characters, got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || Character.isISOControl(c)) {
                throw Fail.invalid(field + " contains '/' or a control character at index " + i);
            }
        }
        return value;
    }

    /** Splits {@code org/name} and checks both halves. */
    public static String[] qualifiedName(String field, String value) {
        int slash = value.indexOf('/');
        if (slash < 0) {
            throw Fail.invalid(field + " must be <org>/<name>, got '" + truncate(value) + "'");
        }
        return new String[] {name(field + " org", value.substring(0, slash)), name(field + " name", value.substring(slash + 1))};
    }

    /** Free text up to {@code max} characters (may be empty). */
    public static String text(String field, String value, int max) {
        if (value.length() > max) {
            throw Fail.invalid(field + " is " + value.length() + " characters, limit " + max);
        }
        return value;
    }

    public static byte[] hash(String field, byte[] hash) {
        if (hash.length != HASH_BYTES) {
            throw Fail.invalid(field + " must be " + HASH_BYTES + " bytes (SHA-256), got " + hash.length);
        }
        return hash;
    }

    /** Metadata pairs: bounded count and sizes, non-empty unique keys; order is kept as given. */
    public static List<MetadataEntry> metadata(List<MetadataEntry> entries) {
        if (entries.size() > MAX_METADATA_ENTRIES) {
            throw Fail.invalid("metadata has " + entries.size() + " entries, limit " + MAX_METADATA_ENTRIES);
        }
        Set<String> keys = new HashSet<>();
        for (MetadataEntry e : entries) {
            if (e.getKey().isEmpty() || e.getKey().length() > MAX_METADATA_KEY) {
                throw Fail.invalid("metadata key must be 1.." + MAX_METADATA_KEY + " characters, got " + e.getKey().length());
            }
            text("metadata value of '" + e.getKey() + "'", e.getValue(), MAX_METADATA_VALUE);
            if (!keys.add(e.getKey())) {
                throw Fail.invalid("metadata key '" + e.getKey() + "' given twice");
            }
        }
        return entries;
    }

    private static String truncate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
