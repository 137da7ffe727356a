package io.meshledger.node.consensus;

import io.meshledger.core.crypto.Hash;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Fixed-layout encoding of what validators sign: big-endian integers,
 * length-prefixed UTF-8 strings and raw 32-byte hashes, in field order. Unlike
 * protobuf it has exactly one encoding per value, so a receiver can rebuild the
 * signed bytes from the fields without trusting the sender's serialiser.
 */
final class Canonical {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    Canonical string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xffff) {
            throw new IllegalArgumentException("string too long to sign: " + b.length + " bytes");
        }
        out.write(b.length >>> 8);
        out.write(b.length);
        out.writeBytes(b);
        return this;
    }

    Canonical u64(long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
        return this;
    }

    Canonical hash(Hash h) {
        out.writeBytes(h.unsafeArray());
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
