package io.meshledger.node.storage;

import io.meshledger.core.crypto.Hash;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Which network a data directory belongs to: the chain id and the SHA-256
 * digest of the canonical encoding of the genesis it was started with. A store
 * records it on its first start; every later start compares, so a node never
 * appends one network's blocks to another network's ledger.
 *
 * @param chainId       the genesis chain id
 * @param genesisDigest SHA-256 of the canonical genesis encoding
 */
public record GenesisMarker(String chainId, Hash genesisDigest) {
    public GenesisMarker {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(genesisDigest, "genesisDigest");
        if (chainId.isEmpty()) {
            throw new IllegalArgumentException("chainId must not be empty");
        }
    }

    /** The digest (32 bytes), then the chain id in UTF-8. */
    byte[] encode() {
        byte[] chain = chainId.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(genesisDigest.unsafeArray(), Hash.LENGTH + chain.length);
        System.arraycopy(chain, 0, out, Hash.LENGTH, chain.length);
        return out;
    }

    /** @throws IllegalArgumentException if {@code bytes} is not an encoded marker */
    static GenesisMarker decode(byte[] bytes) {
        if (bytes.length <= Hash.LENGTH) {
            throw new IllegalArgumentException("a genesis marker needs more than " + Hash.LENGTH + " bytes, got "
                    + bytes.length);
        }
        return new GenesisMarker(new String(bytes, Hash.LENGTH, bytes.length - Hash.LENGTH, StandardCharsets.UTF_8),
                Hash.of(Arrays.copyOf(bytes, Hash.LENGTH)));
    }

    /** The marker a store holds in {@code storedOrNull}, empty when it holds none. */
    static Optional<GenesisMarker> fromStored(byte[] storedOrNull) {
        if (storedOrNull == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(decode(storedOrNull));
        } catch (IllegalArgumentException e) {
            throw StoreCorruptedException.general("the recorded genesis marker is malformed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "chain '" + chainId + "' (genesis sha256 " + genesisDigest.toHex() + ")";
    }
}
