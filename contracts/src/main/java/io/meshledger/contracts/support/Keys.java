package io.meshledger.contracts.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds state keys from UTF-8 text parts separated by {@code '/'} and 8-byte
 * big-endian numbers (so versions and sequence numbers sort numerically in
 * unsigned byte order).
 */
public final class Keys {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    private Keys() {
    }

    /** Starts a key with {@code text}. */
    public static Keys of(String text) {
        return new Keys().raw(text);
    }

    /** Appends {@code '/'} and {@code text}. */
    public Keys add(String text) {
        out.write('/');
        return raw(text);
    }

    /** Appends {@code '/'} and {@code n} as 8 bytes big-endian. */
    public Keys add(long n) {
        out.write('/');
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (n >>> shift));
        }
        return this;
    }

    /** Appends a trailing {@code '/'}, making the key a prefix of its children only. */
    public Keys slash() {
        out.write('/');
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    private Keys raw(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** The big-endian number in the last 8 bytes of {@code key}. */
    public static long trailingNumber(byte[] key) {
        long n = 0;
        for (int i = key.length - 8; i < key.length; i++) {
            n = (n << 8) | (key[i] & 0xff);
        }
        return n;
    }
}
