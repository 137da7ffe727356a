package io.meshledger.core.state;

import io.meshledger.core.crypto.Hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The state root computed the slow, obvious way, straight from the hashing rules
 * and sharing no code with the tree: split the sorted entries on one key bit at a
 * time; no entry hashes to 32 zero bytes, one entry to its leaf hash, more to the
 * node hash of both halves. Hashes with its own MessageDigest.
 */
final class ReferenceSparseMerkleTree {
    private static final byte LEAF = 0x20;
    private static final byte NODE = 0x21;

    private ReferenceSparseMerkleTree() {
    }

    static Hash root(SortedMap<Hash, Hash> state) {
        return root(new ArrayList<>(state.entrySet()), 0);
    }

    private static Hash root(List<Map.Entry<Hash, Hash>> entries, int depth) {
        if (entries.isEmpty()) {
            return Hash.of(new byte[32]);
        }
        if (entries.size() == 1) {
            return sha256(LEAF, entries.get(0).getKey().toArray(), entries.get(0).getValue().toArray());
        }
        List<Map.Entry<Hash, Hash>> left = new ArrayList<>();
        List<Map.Entry<Hash, Hash>> right = new ArrayList<>();
        for (Map.Entry<Hash, Hash> e : entries) {
            byte[] k = e.getKey().toArray();
            int bit = (k[depth / 8] >> (7 - depth % 8)) & 1;
            (bit == 0 ? left : right).add(e);
        }
        return sha256(NODE, root(left, depth + 1).toArray(), root(right, depth + 1).toArray());
    }

    private static Hash sha256(byte prefix, byte[] a, byte[] b) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(prefix);
            md.update(a);
            md.update(b);
            return Hash.of(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
