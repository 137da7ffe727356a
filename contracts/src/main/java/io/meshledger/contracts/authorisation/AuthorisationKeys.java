package io.meshledger.contracts.authorisation;

import io.meshledger.contracts.support.Keys;
import io.meshledger.proto.v1.Grantee;
import io.meshledger.proto.v1.Right;

/**
 * The authorisation contract's state keys (UTF-8 text, {@code '/'}-separated,
 * {@code <seq>} 8 bytes big-endian, from 1):
 * <pre>
 *   seq/&lt;dataset&gt;                                 Counter  (last grant sequence number used)
 *   hist/&lt;dataset&gt;/&lt;seq&gt;                           Grant    (every grant ever made; updated once when revoked)
 *   active/&lt;dataset&gt;/&lt;right&gt;/id/&lt;org&gt;/&lt;name&gt;      Grant    (present while an identity grant is in force)
 *   active/&lt;dataset&gt;/&lt;right&gt;/org/&lt;org&gt;            Grant    (present while an organisation grant is in force)
 * </pre>
 * {@code <right>} is {@code read}, {@code write} or {@code admin}. Dataset ids,
 * organisations and names contain no {@code '/'}, so keys parse unambiguously.
 */
public final class AuthorisationKeys {
    private AuthorisationKeys() {
    }

    /** {@code seq/<dataset>}. */
    public static byte[] sequence(String datasetId) {
        return Keys.of("seq").add(datasetId).bytes();
    }

    /** {@code hist/<dataset>/<seq>}. */
    public static byte[] history(String datasetId, long seq) {
        return Keys.of("hist").add(datasetId).add(seq).bytes();
    }

    /** {@code hist/<dataset>/}: every grant of a dataset, in grant order. */
    public static byte[] historyPrefix(String datasetId) {
        return Keys.of("hist").add(datasetId).slash().bytes();
    }

    /** {@code active/<dataset>/<right>/id/<org>/<name>} or {@code active/<dataset>/<right>/org/<org>}. */
    public static byte[] active(String datasetId, Right right, Grantee grantee) {
        Keys key = Keys.of("active").add(datasetId).add(rightName(right));
        return switch (grantee.getSubjectCase()) {
            case IDENTITY -> key.add("id").add(grantee.getIdentity()).bytes();
            case ORGANISATION -> key.add("org").add(grantee.getOrganisation()).bytes();
            case SUBJECT_NOT_SET -> throw new IllegalArgumentException("grantee without subject");
        };
    }

    /** {@code read}, {@code write} or {@code admin}. */
    public static String rightName(Right right) {
        return switch (right) {
            case RIGHT_READ -> "read";
            case RIGHT_WRITE -> "write";
            case RIGHT_ADMIN -> "admin";
            default -> throw new IllegalArgumentException("not a grantable right: " + right);
        };
    }
}
