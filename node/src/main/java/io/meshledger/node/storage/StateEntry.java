package io.meshledger.node.storage;

import io.meshledger.core.Bytes;
import io.meshledger.core.DecodingException;
import io.meshledger.core.state.NodeKey;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One raw entry of a {@link StateFamily}, exactly as stored, with what its
 * encoding says about it. Nothing here trusts the bytes: a malformed key or
 * value yields an empty height and a hex description, never an exception.
 *
 * @param family the family it was read from
 * @param key    the stored key
 * @param value  the stored value
 */
public record StateEntry(StateFamily family, Bytes key, Bytes value) {
    private static final int VERSION_LENGTH = 12;
    private static final int MAX_SHOWN_KEY_CHARS = 96;

    public StateEntry {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /**
     * The height that wrote this entry: in the key of a state value (its version)
     * and of a tree node (its tree version), in the value of a newest-version
     * entry. Empty when the bytes are too short to hold one or it is negative.
     */
    public OptionalLong height() {
        byte[] k = key.unsafeArray();
        byte[] v = value.unsafeArray();
        long h;
        switch (family) {
            case VALUES -> {
                if (k.length <= VERSION_LENGTH) {
                    return OptionalLong.empty();
                }
                h = StateKeyCodec.heightOf(k);
            }
            case LATEST -> {
                if (v.length <= VERSION_LENGTH) {
                    return OptionalLong.empty();
                }
                h = ByteBuffer.wrap(v, 0, 8).getLong();
            }
            case TREE_NODES -> {
                if (k.length < NodeKey.MIN_ENCODED_LENGTH) {
                    return OptionalLong.empty();
                }
                h = ByteBuffer.wrap(k, 0, 8).getLong();
            }
            default -> throw new IllegalStateException("unknown family " + family);
        }
        return h < 0 ? OptionalLong.empty() : OptionalLong.of(h);
    }

    /**
     * The entry in words: {@code contract/key} for state values (the key as text
     * when it is UTF-8, else hex), the version and path for tree nodes, the raw
     * key in hex when it does not decode.
     */
    public String describe() {
        byte[] k = key.unsafeArray();
        try {
            return switch (family) {
                case VALUES -> {
                    if (k.length <= VERSION_LENGTH) {
                        yield "key " + key.toHex();
                    }
                    byte[] stateKey = StateKeyCodec.stateKeyOf(k);
                    yield StateKeyCodec.contractOf(stateKey) + "/" + shown(StateKeyCodec.keyOf(stateKey))
                            + " (tx " + StateKeyCodec.txIndexOf(k) + ")";
                }
                case LATEST -> StateKeyCodec.contractOf(k) + "/" + shown(StateKeyCodec.keyOf(k));
                case TREE_NODES -> {
                    NodeKey node = NodeKey.decode(k);
                    yield "version " + node.version() + " path " + node.path();
                }
            };
        } catch (IllegalArgumentException | DecodingException e) {
            return "key " + key.toHex();
        }
    }

    private static String shown(byte[] raw) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return "0x" + Bytes.wrap(raw).toHex();
        }
        if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "0x" + Bytes.wrap(raw).toHex();
        }
        return text.length() > MAX_SHOWN_KEY_CHARS ? text.substring(0, MAX_SHOWN_KEY_CHARS) + "..." : text;
    }
}
