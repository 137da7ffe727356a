package io.meshledger.contracts.publication;

import io.meshledger.contracts.support.Keys;

/**
 * The publication contract's state keys, for the contract and for readers (the
 * query API and CLI read them directly with GetState and Scan). Dataset and
 * record ids contain no {@code '/'}, so every key below parses unambiguously.
 * <pre>
 *   ds/&lt;dataset&gt;                       Dataset
 *   rec/&lt;dataset&gt;/&lt;record&gt;/latest        RecordVersion   the latest version
 *   rec/&lt;dataset&gt;/&lt;record&gt;/v/&lt;version&gt;   RecordVersion   a superseded version (8 bytes, big-endian, from 1)
 * </pre>
 * Scanning {@link #versionPrefix} returns a record's superseded versions
 * oldest first; the latest version follows them.
 */
public final class PublicationKeys {
    private PublicationKeys() {
    }

    /** {@code ds/<dataset>}. */
    public static byte[] dataset(String datasetId) {
        return Keys.of("ds").add(datasetId).bytes();
    }

    /** {@code rec/<dataset>/<record>/latest}: the record's latest version. */
    public static byte[] latest(String datasetId, String recordId) {
        return Keys.of("rec").add(datasetId).add(recordId).add("latest").bytes();
    }

    /** {@code rec/<dataset>/<record>/v/<version as 8 bytes big-endian>}: a superseded version. */
    public static byte[] version(String datasetId, String recordId, long version) {
        return Keys.of("rec").add(datasetId).add(recordId).add("v").add(version).bytes();
    }

    /** {@code rec/<dataset>/<record>/v/}: the prefix of every version of a record. */
    public static byte[] versionPrefix(String datasetId, String recordId) {
        return Keys.of("rec").add(datasetId).add(recordId).add("v").slash().bytes();
    }
}
