package io.meshledger.core.state;

import io.meshledger.core.crypto.Hash;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** Key hashes built by hand or from a seed, and a store that applies updates as storage would. */
final class StateTreeFixtures {
    private StateTreeFixtures() {
    }

    static Hash randomHash(Random random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Hash.of(b);
    }

    /** A hash sharing exactly the first {@code bits} bits with {@code base} (bit {@code bits} flipped, rest random). */
    static Hash sharingPrefix(Hash base, int bits, Random random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        byte[] src = base.toArray();
        for (int i = 0; i < bits; i++) {
            setBit(b, i, bitOf(src, i));
        }
        if (bits < 256) {
            setBit(b, bits, 1 - bitOf(src, bits));
        }
        return Hash.of(b);
    }

    /** {@code hash} with bit {@code index} flipped (most significant bit of byte 0 is bit 0). */
    static Hash flipBit(Hash hash, int index) {
        byte[] b = hash.toArray();
        b[index / 8] ^= (byte) (0x80 >>> (index % 8));
        return Hash.of(b);
    }

    /** A key hash from a bit string (e.g. "0110"), padded with zero bits. */
    static Hash bits(String bits) {
        byte[] b = new byte[32];
        for (int i = 0; i < bits.length(); i++) {
            setBit(b, i, bits.charAt(i) - '0');
        }
        return Hash.of(b);
    }

    static SortedMap<Hash, Optional<Hash>> puts(Hash... keyValuePairs) {
        SortedMap<Hash, Optional<Hash>> m = new TreeMap<>();
        for (int i = 0; i < keyValuePairs.length; i += 2) {
            m.put(keyValuePairs[i], Optional.of(keyValuePairs[i + 1]));
        }
        return m;
    }

    static SortedMap<Hash, Optional<Hash>> deletes(Hash... keys) {
        SortedMap<Hash, Optional<Hash>> m = new TreeMap<>();
        for (Hash k : keys) {
            m.put(k, Optional.empty());
        }
        return m;
    }

    /** Every node the root of {@code version} reaches, found by walking child pointers. */
    static Set<NodeKey> reachable(TreeReader store, long version) {
        Set<NodeKey> seen = new HashSet<>();
        Deque<NodeKey> todo = new ArrayDeque<>();
        todo.push(NodeKey.root(version));
        while (!todo.isEmpty()) {
            NodeKey key = todo.pop();
            seen.add(key);
            if (store.node(key).orElseThrow() instanceof InternalNode in) {
                for (InternalNode.Child c : in.children()) {
                    todo.push(new NodeKey(c.version(), key.path().child(c.nibble())));
                }
            }
        }
        return seen;
    }

    private static int bitOf(byte[] b, int i) {
        return (b[i / 8] >> (7 - i % 8)) & 1;
    }

    private static void setBit(byte[] b, int i, int v) {
        int mask = 0x80 >>> (i % 8);
        b[i / 8] = (byte) (v == 1 ? b[i / 8] | mask : b[i / 8] & ~mask);
    }
}
