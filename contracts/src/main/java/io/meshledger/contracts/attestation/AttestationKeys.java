package io.meshledger.contracts.attestation;

import io.meshledger.contracts.support.Keys;
import java.util.HexFormat;

/**
 * The attestation contract's state keys (UTF-8 text, {@code '/'}-separated,
 * {@code <hex>} the 64 lower-case hex digits of the hash, {@code <seq>} 8 bytes
 * big-endian, from 1):
 * <pre>
 *   hseq/&lt;hex&gt;                      Counter              (last sequence number for the hash)
 *   hash/&lt;hex&gt;/&lt;seq&gt;                Attestation
 *   iseq/&lt;org&gt;/&lt;name&gt;               Counter              (last sequence number for the subject)
 *   ident/&lt;org&gt;/&lt;name&gt;/&lt;seq&gt;         IdentityAttestation
 * </pre>
 */
public final class AttestationKeys {
    private AttestationKeys() {
    }

    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    /** {@code hseq/<hex>}. */
    public static byte[] hashSequence(byte[] hash) {
        return Keys.of("hseq").add(hex(hash)).bytes();
    }

    /** {@code hash/<hex>/<seq>}. */
    public static byte[] hashAttestation(byte[] hash, long seq) {
        return Keys.of("hash").add(hex(hash)).add(seq).bytes();
    }

    /** {@code hash/<hex>/}. */
    public static byte[] hashPrefix(byte[] hash) {
        return Keys.of("hash").add(hex(hash)).slash().bytes();
    }

    /** {@code iseq/<org>/<name>}. */
    public static byte[] identitySequence(String org, String name) {
        return Keys.of("iseq").add(org).add(name).bytes();
    }

    /** {@code ident/<org>/<name>/<seq>}. */
    public static byte[] identityAttestation(String org, String name, long seq) {
        return Keys.of("ident").add(org).add(name).add(seq).bytes();
    }

    /** {@code ident/<org>/<name>/}. */
    public static byte[] identityPrefix(String org, String name) {
        return Keys.of("ident").add(org).add(name).slash().bytes();
    }
}
