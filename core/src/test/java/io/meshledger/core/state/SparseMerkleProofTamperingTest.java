package io.meshledger.core.state;

import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.ProofCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

import static io.meshledger.core.state.StateTreeFixtures.bits;
import static io.meshledger.core.state.StateTreeFixtures.flipBit;
import static io.meshledger.core.state.StateTreeFixtures.randomHash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparseMerkleProofTamperingTest {
    private static final int KEYS = 200;
    private static final int SAMPLED_KEYS = 12;
    private static final int GARBAGE_SAMPLES = 2000;

    private final Random random = new Random(42);
    private final InMemoryTreeStore store = new InMemoryTreeStore();
    private final SparseMerkleTree tree = new SparseMerkleTree(store);
    private final SortedMap<Hash, Hash> state = new TreeMap<>();
    private Hash root;

    @BeforeEach
    void buildTree() {
        SortedMap<Hash, Optional<Hash>> batch = new TreeMap<>();
        for (int i = 0; i < KEYS; i++) {
            Hash k = randomHash(random);
            Hash v = randomHash(random);
            batch.put(k, Optional.of(v));
            state.put(k, v);
        }
        TreeUpdate update = tree.apply(SparseMerkleTree.PRE_GENESIS_VERSION, 0, batch);
        store.put(update);
        root = update.root();
    }

    /** Present keys, absent keys ending in an empty slot, and absent keys ending at another key's leaf. */
    private List<Claim> claims() {
        List<Claim> claims = new ArrayList<>();
        List<Hash> keys = new ArrayList<>(state.keySet());
        boolean sawEmptyEnd = false;
        boolean sawLeafEnd = false;
        for (int i = 0; i < SAMPLED_KEYS; i++) {
            Hash k = keys.get(random.nextInt(keys.size()));
            claims.add(new Claim(k, Optional.of(state.get(k)), tree.prove(k, 0)));
        }
        for (int i = 0; i < 500 && !(sawEmptyEnd && sawLeafEnd && i >= SAMPLED_KEYS); i++) {
            Hash k = i % 2 == 0 ? randomHash(random) : flipBit(keys.get(random.nextInt(keys.size())), 255);
            SparseMerkleProof p = tree.prove(k, 0);
            sawEmptyEnd |= p.leaf().isEmpty();
            sawLeafEnd |= p.leaf().isPresent();
            claims.add(new Claim(k, Optional.empty(), p));
        }
        assertTrue(sawEmptyEnd && sawLeafEnd, "both kinds of absence proof were exercised");
        return claims;
    }

    private record Claim(Hash key, Optional<Hash> value, SparseMerkleProof proof) {
    }

    private void assertInvalid(SparseMerkleProof proof, Hash r, Hash key, Optional<Hash> value) {
        ProofCheck check = proof.verify(r, key, value);
        ProofCheck.Invalid invalid = assertInstanceOf(ProofCheck.Invalid.class, check, "tampered proof must fail");
        assertFalse(invalid.reason().isBlank());
    }

    @Test
    void untamperedProofsVerify() {
        for (Claim c : claims()) {
            assertTrue(c.proof().verify(root, c.key(), c.value()).isValid());
        }
    }

    @Test
    void anyChangedSiblingFails() {
        for (Claim c : claims()) {
            List<Hash> siblings = c.proof().siblings();
            for (int i = 0; i < siblings.size(); i++) {
                for (int bit : new int[] {0, 7, 100, 255}) {
                    List<Hash> changed = new ArrayList<>(siblings);
                    changed.set(i, flipBit(siblings.get(i), bit));
                    assertInvalid(new SparseMerkleProof(c.key(), c.proof().leaf(), changed), root, c.key(), c.value());
                }
            }
            if (!siblings.isEmpty()) {
                assertInvalid(new SparseMerkleProof(c.key(), c.proof().leaf(), siblings.subList(1, siblings.size())),
                        root, c.key(), c.value());
                assertInvalid(new SparseMerkleProof(c.key(), c.proof().leaf(), siblings.subList(0, siblings.size() - 1)),
                        root, c.key(), c.value());
            }
            List<Hash> longer = new ArrayList<>(siblings);
            longer.add(0, randomHash(random));
            assertInvalid(new SparseMerkleProof(c.key(), c.proof().leaf(), longer), root, c.key(), c.value());
            List<Hash> withPlaceholder = new ArrayList<>(siblings);
            withPlaceholder.add(0, Hash.ZERO);
            assertInvalid(new SparseMerkleProof(c.key(), c.proof().leaf(), withPlaceholder), root, c.key(), c.value());
        }
    }

    @Test
    void anyChangedLeafKeyOrRootFails() {
        for (Claim c : claims()) {
            SparseMerkleProof p = c.proof();
            for (int bit : new int[] {0, 1, 9, 128, 255}) {
                assertInvalid(p, flipBit(root, bit), c.key(), c.value());
                assertInvalid(p, root, flipBit(c.key(), bit), c.value());
                // An absent key's proof also proves absent every key sharing its path: only bits on the path count.
                if (c.value().isPresent() || bit < p.siblings().size()) {
                    assertInvalid(new SparseMerkleProof(flipBit(c.key(), bit), p.leaf(), p.siblings()), root,
                            flipBit(c.key(), bit), c.value());
                }
                if (p.leaf().isPresent()) {
                    SparseMerkleProof.Leaf l = p.leaf().get();
                    assertInvalid(new SparseMerkleProof(c.key(), Optional.of(new SparseMerkleProof.Leaf(
                            flipBit(l.keyHash(), bit), l.valueHash())), p.siblings()), root, c.key(), c.value());
                    assertInvalid(new SparseMerkleProof(c.key(), Optional.of(new SparseMerkleProof.Leaf(
                            l.keyHash(), flipBit(l.valueHash(), bit))), p.siblings()), root, c.key(), c.value());
                }
            }
            Optional<SparseMerkleProof.Leaf> swapped = p.leaf().isPresent() ? Optional.empty()
                    : Optional.of(new SparseMerkleProof.Leaf(c.key(), randomHash(random)));
            assertInvalid(new SparseMerkleProof(c.key(), swapped, p.siblings()), root, c.key(), c.value());
        }
    }

    @Test
    void aProofDoesNotSupportTheOppositeClaim() {
        for (Claim c : claims()) {
            if (c.value().isPresent()) {
                assertInvalid(c.proof(), root, c.key(), Optional.empty());
                assertInvalid(c.proof(), root, c.key(), Optional.of(flipBit(c.value().get(), 3)));
            } else {
                assertInvalid(c.proof(), root, c.key(), Optional.of(randomHash(random)));
            }
        }
    }

    @Test
    void anAbsenceProofsLeafMustLieOnTheKeysPath() {
        // A tree of one key: its root is that key's leaf, at depth 0.
        Hash only = bits("1");
        Hash leafRoot = new LeafNode(only, Hash.ZERO).hash();
        SparseMerkleProof.Leaf leaf = new SparseMerkleProof.Leaf(only, Hash.ZERO);
        assertTrue(new SparseMerkleProof(bits("0"), Optional.of(leaf), List.of()).verify(leafRoot, bits("0"),
                Optional.empty()).isValid());

        // Key "0..." cannot end at the leaf of key "1..." below depth 0, even if the hashes work out.
        Hash sibling = randomHash(random);
        Hash forgedRoot = StateHashes.node(leaf.hash(), sibling);
        ProofCheck check = new SparseMerkleProof(bits("0"), Optional.of(leaf), List.of(sibling))
                .verify(forgedRoot, bits("0"), Optional.empty());
        assertTrue(assertInstanceOf(ProofCheck.Invalid.class, check).reason().contains("shares 0 bits"),
                check.toString());
    }

    @Test
    void verifyRejectsMissingArgumentsWithoutThrowing() {
        SparseMerkleProof p = claims().get(0).proof();
        assertInvalid(p, null, p.keyHash(), Optional.empty());
        assertInvalid(p, root, null, Optional.empty());
        assertInvalid(p, root, p.keyHash(), null);
    }

    @Test
    void encodingRoundTripsAndEveryTruncationFailsCleanly() {
        for (Claim c : claims()) {
            byte[] bytes = c.proof().encode();
            assertEquals(c.proof(), SparseMerkleProof.decode(bytes));
            for (int len = 0; len < bytes.length; len++) {
                byte[] cut = Arrays.copyOf(bytes, len);
                assertThrows(DecodingException.class, () -> SparseMerkleProof.decode(cut), "truncated to " + len);
            }
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            assertThrows(DecodingException.class, () -> SparseMerkleProof.decode(longer));
        }
    }

    @Test
    void malformedFieldsFailCleanly() {
        byte[] good = claims().get(0).proof().encode();
        byte[] badFormat = good.clone();
        badFormat[0] = 2;
        assertThrows(DecodingException.class, () -> SparseMerkleProof.decode(badFormat));
        byte[] badFlag = good.clone();
        badFlag[33] = 2;
        assertThrows(DecodingException.class, () -> SparseMerkleProof.decode(badFlag));

        // No leaf, 257 siblings.
        byte[] tooMany = new byte[1 + 32 + 1 + 2];
        tooMany[0] = 1;
        tooMany[34] = 0x01;
        tooMany[35] = 0x01;
        assertThrows(DecodingException.class, () -> SparseMerkleProof.decode(tooMany));

        // No leaf, 1 sibling marked placeholder, but a padding bit set too.
        byte[] padding = new byte[1 + 32 + 1 + 2 + 1];
        padding[0] = 1;
        padding[35] = 1;
        padding[36] = (byte) 0xc0;
        assertThrows(DecodingException.class, () -> SparseMerkleProof.decode(padding));
        padding[36] = (byte) 0x80;
        assertEquals(List.of(Hash.ZERO), SparseMerkleProof.decode(padding).siblings());

        // A placeholder sibling spelled out instead of marked in the bitmap is not canonical.
        byte[] explicitZero = Arrays.copyOf(padding, padding.length + 32);
        explicitZero[36] = 0;
        assertThrows(DecodingException.class, () -> SparseMerkleProof.decode(explicitZero));
    }

    @Test
    void randomGarbageOnlyEverFailsWithADecodingException() {
        Random garbage = new Random(7);
        for (int i = 0; i < GARBAGE_SAMPLES; i++) {
            byte[] bytes = new byte[garbage.nextInt(200)];
            garbage.nextBytes(bytes);
            if (garbage.nextBoolean() && bytes.length > 0) {
                bytes[0] = ProofEncoding.FORMAT;
            }
            try {
                SparseMerkleProof decoded = SparseMerkleProof.decode(bytes);
                assertTrue(Arrays.equals(bytes, decoded.encode()), "whatever decodes is canonical");
            } catch (DecodingException expected) {
                assertFalse(expected.getMessage().isBlank());
            }
        }
    }
}
