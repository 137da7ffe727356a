package io.meshledger.core.state;

import io.meshledger.core.DecodingException;

/**
 * Unsigned LEB128 varints, minimal (no trailing zero groups), as the stored
 * forms of internal nodes use for versions: heights fit 3 bytes for the first
 * two million blocks.
 */
final class Uvarint {
    /** A non-negative long takes at most 9 groups of 7 bits. */
    static final int MAX_LENGTH = 9;

    private Uvarint() {
    }

    static int length(long v) {
        return Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7);
    }

    /** Writes {@code v} (non-negative) at {@code out[at]}; returns the position after it. */
    static int write(byte[] out, int at, long v) {
        while ((v & ~0x7fL) != 0) {
            out[at++] = (byte) (v & 0x7f | 0x80);
            v >>>= 7;
        }
        out[at++] = (byte) v;
        return at;
    }

    /**
     * Reads a minimal varint at {@code in[at]} into {@code value[0]}; returns the
     * position after it. Nine groups carry at most 63 bits, so the value is never
     * negative.
     *
     * @param container what is being decoded, for errors ("internal node")
     * @param what      the field, for errors ("the version of slot 3")
     */
    static int read(byte[] in, int at, long[] value, String container, String what) {
        long v = 0;
        int groups = 0;
        byte b;
        do {
            if (at >= in.length) {
                throw new DecodingException(container + " ends inside " + what);
            }
            if (groups == MAX_LENGTH) {
                throw new DecodingException(what + " is longer than " + MAX_LENGTH + " bytes");
            }
            b = in[at++];
            v |= (long) (b & 0x7f) << 7 * groups++;
        } while (b < 0);
        if (groups > 1 && b == 0) {
            throw new DecodingException(what + " is not minimally encoded");
        }
        value[0] = v;
        return at;
    }
}
