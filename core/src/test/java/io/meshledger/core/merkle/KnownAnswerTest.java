package io.meshledger.core.merkle;

import io.meshledger.core.crypto.Hash;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static io.meshledger.core.merkle.AccumulatorFixtures.storeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Expected values computed here with {@link MessageDigest} alone, node by node
 * from the RFC 9162 tree shape, and the Certificate Transparency test vectors
 * (the leaves and roots published with RFC 6962 implementations), which use
 * the same hashing.
 */
class KnownAnswerTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Leaves d0..d6 are the ASCII strings "tx-0" .. "tx-6". */
    private final Hash l0 = leaf("tx-0");
    private final Hash l1 = leaf("tx-1");
    private final Hash l2 = leaf("tx-2");
    private final Hash l3 = leaf("tx-3");
    private final Hash l4 = leaf("tx-4");
    private final Hash l5 = leaf("tx-5");
    private final Hash l6 = leaf("tx-6");
    private final Hash h01 = node(l0, l1);
    private final Hash h23 = node(l2, l3);
    private final Hash h45 = node(l4, l5);
    private final Hash h0123 = node(h01, h23);
    private final Hash h456 = node(h45, l6);

    @Test
    void leafHashIsSha256OfZeroByteAndData() {
        assertEquals(l0, MerkleAccumulator.leafHash("tx-0".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Hash.fromHex("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
                MerkleAccumulator.leafHash(new byte[0]));
    }

    @Test
    void treeOfOneLeafHasTheLeafAsRootAndAnEmptyPath() {
        InMemoryAccumulatorNodes nodes = storeOf(List.of(l0));
        assertEquals(l0, MerkleAccumulator.root(nodes, 1));
        assertEquals(List.of(), MerkleAccumulator.inclusionProof(nodes, 0, 1).path());
    }

    @Test
    void treeOfTwoLeavesHashesThemAsOneNode() {
        InMemoryAccumulatorNodes nodes = storeOf(List.of(l0, l1));
        assertEquals(h01, MerkleAccumulator.root(nodes, 2));
        assertEquals(List.of(l1), MerkleAccumulator.inclusionProof(nodes, 0, 2).path());
        assertEquals(List.of(l0), MerkleAccumulator.inclusionProof(nodes, 1, 2).path());
        assertEquals(List.of(l1), MerkleAccumulator.consistencyProof(nodes, 1, 2).path());
    }

    @Test
    void treeOfThreeLeavesSplitsTwoAndOne() {
        List<Hash> leaves = List.of(l0, l1, l2);
        InMemoryAccumulatorNodes nodes = storeOf(leaves);
        Hash root = node(h01, l2);

        assertEquals(root, MerkleAccumulator.root(nodes, 3));
        assertEquals(root, MerkleAccumulator.rootOf(leaves));
        assertEquals(List.of(l1, l2), MerkleAccumulator.inclusionProof(nodes, 0, 3).path());
        assertEquals(List.of(h01), MerkleAccumulator.inclusionProof(nodes, 2, 3).path());
        assertEquals(List.of(l1, l2), MerkleAccumulator.consistencyProof(nodes, 1, 3).path());
        assertEquals(List.of(l2), MerkleAccumulator.consistencyProof(nodes, 2, 3).path());
    }

    @Test
    void treeOfSevenLeavesSplitsFourTwoAndOne() {
        List<Hash> leaves = List.of(l0, l1, l2, l3, l4, l5, l6);
        InMemoryAccumulatorNodes nodes = storeOf(leaves);
        Hash root = node(h0123, h456);

        assertEquals(root, MerkleAccumulator.root(nodes, 7));
        assertEquals(root, MerkleAccumulator.rootOf(leaves));
        assertEquals(List.of(l0, h23, h456), MerkleAccumulator.inclusionProof(nodes, 1, 7).path());
        assertEquals(List.of(l5, l6, h0123), MerkleAccumulator.inclusionProof(nodes, 4, 7).path());
        assertEquals(List.of(h45, h0123), MerkleAccumulator.inclusionProof(nodes, 6, 7).path());
        ConsistencyProof threeToSeven = MerkleAccumulator.consistencyProof(nodes, 3, 7);
        assertEquals(List.of(l2, l3, h01, h456), threeToSeven.path());
        assertTrue(threeToSeven.verify(node(h01, l2), root).isValid());
        assertEquals(List.of(h456), MerkleAccumulator.consistencyProof(nodes, 4, 7).path());
        assertEquals(List.of(h45, l6, h0123), MerkleAccumulator.consistencyProof(nodes, 6, 7).path());
    }

    @Test
    void rootsMatchTheCertificateTransparencyVectors() {
        List<Hash> leaves = ctLeaves();
        InMemoryAccumulatorNodes nodes = storeOf(leaves);
        List<String> roots = List.of(
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
        for (int size = 0; size <= 8; size++) {
            assertEquals(Hash.fromHex(roots.get(size)), MerkleAccumulator.root(nodes, size), "size " + size);
        }
    }

    @Test
    void proofsMatchTheCertificateTransparencyVectors() {
        InMemoryAccumulatorNodes nodes = storeOf(ctLeaves());
        assertEquals(hashes("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
                MerkleAccumulator.inclusionProof(nodes, 0, 8).path());
        assertEquals(hashes("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
                MerkleAccumulator.inclusionProof(nodes, 5, 8).path());
        assertEquals(hashes("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
                MerkleAccumulator.consistencyProof(nodes, 1, 8).path());
        assertEquals(hashes("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
                MerkleAccumulator.consistencyProof(nodes, 6, 8).path());
        assertEquals(hashes("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                MerkleAccumulator.consistencyProof(nodes, 2, 5).path());
    }

    /** The eight leaves of the Certificate Transparency test data, as leaf hashes. */
    private static List<Hash> ctLeaves() {
        List<Hash> leaves = new ArrayList<>();
        for (String hex : List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                "606162636465666768696a6b6c6d6e6f")) {
            leaves.add(MerkleAccumulator.leafHash(HEX.parseHex(hex)));
        }
        return leaves;
    }

    private static List<Hash> hashes(String... hex) {
        return Arrays.stream(hex).map(Hash::fromHex).toList();
    }

    private static Hash leaf(String data) {
        return sha256(new byte[] {0x00}, data.getBytes(StandardCharsets.US_ASCII));
    }

    private static Hash node(Hash left, Hash right) {
        return sha256(new byte[] {0x01}, left.toArray(), right.toArray());
    }

    private static Hash sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                md.update(part);
            }
            return Hash.of(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
