package io.meshledger.node.storage;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keys of the versioned state family: {@code esc(contract) esc(key) height txIndex}.
 * {@code esc} writes each byte as itself except 0x00, written 0x00 0xFF, and ends
 * with 0x00 0x01. That encoding keeps unsigned byte order and is prefix-free: all
 * versions of one key are adjacent, ordered by (height, txIndex), and no other
 * key's versions fall between them. So "the value at height h" is one
 * seek-for-previous, and a prefix scan walks keys in order.
 */
final class StateKeyCodec {
    private static final int VERSION_LENGTH = 8 + 4;
    private static final int LATEST_LENGTH = VERSION_LENGTH + 1;

    private StateKeyCodec() {
    }

    /** The encoded (contract, key) that every version's key starts with. */
    static byte[] stateKey(String contract, byte[] key) {
        byte[] name = contract.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[escapedLength(name) + escapedLength(key)];
        int at = escapeInto(name, out, 0);
        escapeInto(key, out, at);
        return out;
    }

    private static int escapedLength(byte[] bytes) {
        int n = bytes.length + 2;
        for (byte b : bytes) {
            if (b == 0) {
                n++;
            }
        }
        return n;
    }

    /** Writes {@code esc(bytes)} with its terminator at {@code at}; returns the position after it. */
    private static int escapeInto(byte[] bytes, byte[] out, int at) {
        for (byte b : bytes) {
            out[at++] = b;
            if (b == 0) {
                out[at++] = (byte) 0xFF;
            }
        }
        out[at++] = 0;
        out[at++] = 1;
        return at;
    }

    /**
     * The newest version of a key: its height and transaction index, and whether
     * it is a value (1) or a deletion (0). A pointer to the version in the
     * versioned family, not a second copy of the value: every write would
     * otherwise store its value twice.
     */
    static byte[] latestPointer(long height, int txIndex, boolean deletion) {
        return ByteBuffer.allocate(LATEST_LENGTH).putLong(height).putInt(txIndex).put((byte) (deletion ? 0 : 1))
                .array();
    }

    static long latestHeight(byte[] latest) {
        if (latest.length != LATEST_LENGTH || latest[VERSION_LENGTH] < 0 || latest[VERSION_LENGTH] > 1) {
            throw new IllegalArgumentException("newest-version pointer is malformed ("
                    + latest.length + " bytes)");
        }
        return ByteBuffer.wrap(latest, 0, 8).getLong();
    }

    static int latestTxIndex(byte[] latest) {
        return ByteBuffer.wrap(latest, 8, 4).getInt();
    }

    static boolean latestIsDeletion(byte[] latest) {
        return latest[VERSION_LENGTH] == 0;
    }

    /** What every encoded key of {@code contract} starting with {@code keyPrefix} starts with. */
    static byte[] scanPrefix(String contract, byte[] keyPrefix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(contract.length() + keyPrefix.length + 4);
        escape(out, contract.getBytes(StandardCharsets.UTF_8), true);
        escape(out, keyPrefix, false);
        return out.toByteArray();
    }

    static byte[] versionKey(byte[] stateKey, long height, int txIndex) {
        return ByteBuffer.allocate(stateKey.length + VERSION_LENGTH).put(stateKey).putLong(height).putInt(txIndex)
                .array();
    }

    /** Just past every version of {@code stateKey}: a seek target that skips the key. */
    static byte[] afterVersions(byte[] stateKey) {
        return versionKey(stateKey, Long.MAX_VALUE, -1);
    }

    static byte[] stateKeyOf(byte[] versionKey) {
        return Arrays.copyOf(versionKey, versionKey.length - VERSION_LENGTH);
    }

    static long heightOf(byte[] versionKey) {
        return ByteBuffer.wrap(versionKey, versionKey.length - VERSION_LENGTH, 8).getLong();
    }

    static int txIndexOf(byte[] versionKey) {
        return ByteBuffer.wrap(versionKey, versionKey.length - 4, 4).getInt();
    }

    /** The raw key of an encoded state key (the contract part skipped). */
    static byte[] keyOf(byte[] stateKey) {
        int i = skipComponent(stateKey, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream(stateKey.length - i);
        while (i < stateKey.length) {
            byte b = stateKey[i];
            if (b == 0) {
                if (i + 1 >= stateKey.length) {
                    throw new IllegalArgumentException("state key ends inside an escape");
                }
                if (stateKey[i + 1] == 1) {
                    return out.toByteArray();
                }
                out.write(0);
                i += 2;
            } else {
                out.write(b);
                i++;
            }
        }
        throw new IllegalArgumentException("state key has no terminator");
    }

    /** The contract name of an encoded state key. */
    static String contractOf(byte[] stateKey) {
        int end = skipComponent(stateKey, 0) - 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream(end);
        for (int i = 0; i < end; i++) {
            out.write(stateKey[i]);
            if (stateKey[i] == 0) {
                i++;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Versions are stored as a flag byte (1 present, 0 deleted) and the value. */
    static byte[] storedValue(byte[] valueOrNull) {
        if (valueOrNull == null) {
            return new byte[] {0};
        }
        byte[] out = new byte[valueOrNull.length + 1];
        out[0] = 1;
        System.arraycopy(valueOrNull, 0, out, 1, valueOrNull.length);
        return out;
    }

    /** The value of a stored version, or null for a deletion. */
    static byte[] valueOf(byte[] stored) {
        if (stored.length == 0 || stored[0] > 1 || stored[0] < 0 || (stored[0] == 0 && stored.length != 1)) {
            throw new IllegalArgumentException("stored state value has a bad flag");
        }
        return stored[0] == 0 ? null : Arrays.copyOfRange(stored, 1, stored.length);
    }

    private static int skipComponent(byte[] encoded, int from) {
        for (int i = from; i + 1 < encoded.length; i++) {
            if (encoded[i] == 0) {
                if (encoded[i + 1] == 1) {
                    return i + 2;
                }
                i++;
            }
        }
        throw new IllegalArgumentException("state key has no contract terminator");
    }

    private static void escape(ByteArrayOutputStream out, byte[] bytes, boolean terminate) {
        for (byte b : bytes) {
            out.write(b);
            if (b == 0) {
                out.write(0xFF);
            }
        }
        if (terminate) {
            out.write(0);
            out.write(1);
        }
    }
}
