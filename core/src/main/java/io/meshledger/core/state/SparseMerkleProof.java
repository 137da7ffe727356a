package io.meshledger.core.state;

import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.ProofCheck;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Proof that a key hash is present in the state tree with a given value hash, or
 * absent, at the version whose root the verifier trusts (from a ledger
 * certificate). Needs nothing but this record and SHA-256 to check.
 * <p>
 * {@code siblings} are the hashes beside the path of {@code keyHash}, deepest
 * first: {@code siblings.get(i)} is the sibling at binary depth
 * {@code n - i} (n = size), on the side opposite to bit {@code n - 1 - i} of
 * the key hash. The path ends where the tree holds a single entry ({@code leaf},
 * which is for another key in an absence proof) or nothing (no leaf: absence),
 * so a proof carries about log2(number of keys) siblings, not 256.
 * <p>
 * Verification recomputes the root: start from the leaf hash
 * SHA-256(0x20 || leaf.keyHash || leaf.valueHash), or the placeholder (32 zero
 * bytes) without a leaf; for each sibling, deepest first, hash
 * SHA-256(0x21 || current || sibling) if the key's bit at that depth is 0, else
 * SHA-256(0x21 || sibling || current); compare with the trusted root.
 *
 * @param keyHash  the key proven
 * @param leaf     the single entry where the path ends, if any
 * @param siblings sibling hashes, deepest first; at most 256
 */
public record SparseMerkleProof(Hash keyHash, Optional<Leaf> leaf, List<Hash> siblings) {
    /** A path has at most one sibling per bit of the key hash. */
    public static final int MAX_SIBLINGS = Hash.LENGTH * 8;

    /** The entry a proof path ends at. */
    public record Leaf(Hash keyHash, Hash valueHash) {
        public Leaf {
            Objects.requireNonNull(keyHash, "keyHash");
            Objects.requireNonNull(valueHash, "valueHash");
        }

        /** SHA-256(0x20 || keyHash || valueHash). */
        public Hash hash() {
            return StateHashes.leaf(keyHash, valueHash);
        }
    }

    public SparseMerkleProof {
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(leaf, "leaf");
        siblings = List.copyOf(siblings);
        if (siblings.size() > MAX_SIBLINGS) {
            throw new IllegalArgumentException("a proof has at most " + MAX_SIBLINGS + " siblings, got "
                    + siblings.size());
        }
    }

    /**
     * Checks that under {@code root}, {@code keyHash} maps to {@code valueHash}
     * (present) or, if {@code valueHash} is empty, to nothing (absent). Never
     * throws: every failure is a {@link ProofCheck.Invalid} saying why.
     * <p>
     * Rules beyond recomputing the root: the proof must be for {@code keyHash};
     * a presence claim needs the proof's leaf to be that key with that value; an
     * absence claim allows no leaf, or a leaf for another key that shares the
     * first {@code siblings.size()} bits with {@code keyHash} (it sits where the
     * path of {@code keyHash} ends).
     */
    public ProofCheck verify(Hash root, Hash keyHash, Optional<Hash> valueHash) {
        if (root == null || keyHash == null || valueHash == null) {
            return new ProofCheck.Invalid("root, key hash and value hash (or empty) are all required");
        }
        if (!keyHash.equals(this.keyHash)) {
            return new ProofCheck.Invalid("proof is for key " + this.keyHash.shortHex() + ", not " + keyHash.shortHex());
        }
        ProofCheck claim = valueHash.isPresent() ? checkPresence(valueHash.get()) : checkAbsence();
        if (!claim.isValid()) {
            return claim;
        }
        Hash computed = leaf.map(Leaf::hash).orElse(StateHashes.PLACEHOLDER);
        int n = siblings.size();
        for (int i = 0; i < n; i++) {
            Hash sibling = siblings.get(i);
            computed = StateHashes.bit(keyHash, n - 1 - i) == 0
                    ? StateHashes.node(computed, sibling)
                    : StateHashes.node(sibling, computed);
        }
        if (!computed.equals(root)) {
            return new ProofCheck.Invalid("computed root " + computed.shortHex() + " != expected " + root.shortHex()
                    + " for key " + keyHash.shortHex() + " with " + n + " siblings");
        }
        return new ProofCheck.Valid();
    }

    private ProofCheck checkPresence(Hash valueHash) {
        if (leaf.isEmpty()) {
            return new ProofCheck.Invalid("proof shows key " + keyHash.shortHex() + " absent (empty subtree), "
                    + "expected value " + valueHash.shortHex());
        }
        Leaf l = leaf.get();
        if (!l.keyHash().equals(keyHash)) {
            return new ProofCheck.Invalid("proof shows key " + keyHash.shortHex() + " absent (path ends at key "
                    + l.keyHash().shortHex() + "), expected value " + valueHash.shortHex());
        }
        if (!l.valueHash().equals(valueHash)) {
            return new ProofCheck.Invalid("proof shows key " + keyHash.shortHex() + " with value "
                    + l.valueHash().shortHex() + ", expected " + valueHash.shortHex());
        }
        return new ProofCheck.Valid();
    }

    private ProofCheck checkAbsence() {
        if (leaf.isEmpty()) {
            return new ProofCheck.Valid();
        }
        Leaf l = leaf.get();
        if (l.keyHash().equals(keyHash)) {
            return new ProofCheck.Invalid("proof shows key " + keyHash.shortHex() + " present with value "
                    + l.valueHash().shortHex() + ", expected absent");
        }
        int shared = StateHashes.commonPrefixBits(l.keyHash(), keyHash);
        if (shared < siblings.size()) {
            return new ProofCheck.Invalid("leaf key " + l.keyHash().shortHex() + " shares " + shared
                    + " bits with key " + keyHash.shortHex() + ", fewer than the path's " + siblings.size());
        }
        return new ProofCheck.Valid();
    }

    /**
     * Canonical bytes, all integers big-endian:
     * <pre>
     * u8   format             0x01
     * 32   keyHash
     * u8   leaf flag          0x00 none | 0x01 present
     * 64   leaf               keyHash || valueHash, only if the flag is 0x01
     * u16  n                  number of siblings, 0..256
     * ceil(n/8) placeholder bitmap: bit i (byte i/8, mask 0x80 >>> i%8) set means
     *                         sibling i is the placeholder and is omitted below;
     *                         unused trailing bits are zero
     * 32*m the other siblings, deepest first (m = n - placeholders)
     * </pre>
     * The bitmap keeps proofs short where keys share long prefixes (a run of
     * empty siblings costs one bit each). An explicit all-zero sibling is not
     * canonical and does not decode, so equal proofs have equal bytes.
     */
    public byte[] encode() {
        return ProofEncoding.encode(this);
    }

    /**
     * Inverse of {@link #encode()}; accepts only canonical encodings.
     *
     * @throws DecodingException naming what is wrong with {@code bytes}
     */
    public static SparseMerkleProof decode(byte[] bytes) {
        return ProofEncoding.decode(bytes);
    }
}
