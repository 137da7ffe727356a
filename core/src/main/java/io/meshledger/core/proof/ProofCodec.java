package io.meshledger.core.proof;

import com.google.protobuf.ByteString;
import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.InclusionProof;
import io.meshledger.core.state.SparseMerkleProof;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Converts the Merkle proofs of {@code core} to and from their protobuf form.
 * Decoding is strict: every hash is 32 bytes and a state proof names either a
 * present value or the leaf found instead, never both, so no field can carry
 * bytes the verifier would ignore.
 */
public final class ProofCodec {
    private ProofCodec() {
    }

    public static io.meshledger.proto.v1.SparseMerkleProof toProto(SparseMerkleProof proof) {
        var b = io.meshledger.proto.v1.SparseMerkleProof.newBuilder().setKeyHash(bytes(proof.keyHash()));
        proof.leaf().ifPresent(leaf -> {
            if (leaf.keyHash().equals(proof.keyHash())) {
                b.setValueHash(bytes(leaf.valueHash()));
            } else {
                b.setOtherKeyHash(bytes(leaf.keyHash())).setOtherValueHash(bytes(leaf.valueHash()));
            }
        });
        proof.siblings().forEach(s -> b.addSiblings(bytes(s)));
        return b.build();
    }

    public static SparseMerkleProof fromProto(io.meshledger.proto.v1.SparseMerkleProof p) {
        Hash keyHash = hash(p.getKeyHash(), "key_hash");
        boolean hasValue = !p.getValueHash().isEmpty();
        boolean hasOther = !p.getOtherKeyHash().isEmpty() || !p.getOtherValueHash().isEmpty();
        if (hasValue && hasOther) {
            throw new DecodingException("a state proof names a value hash and another leaf; it must be one or the other");
        }
        Optional<SparseMerkleProof.Leaf> leaf = Optional.empty();
        if (hasValue) {
            leaf = Optional.of(new SparseMerkleProof.Leaf(keyHash, hash(p.getValueHash(), "value_hash")));
        } else if (hasOther) {
            Hash other = hash(p.getOtherKeyHash(), "other_key_hash");
            if (other.equals(keyHash)) {
                throw new DecodingException("other_key_hash equals the proven key hash; use value_hash");
            }
            leaf = Optional.of(new SparseMerkleProof.Leaf(other, hash(p.getOtherValueHash(), "other_value_hash")));
        }
        if (p.getSiblingsCount() > SparseMerkleProof.MAX_SIBLINGS) {
            throw new DecodingException("a state proof has at most " + SparseMerkleProof.MAX_SIBLINGS + " siblings, got "
                    + p.getSiblingsCount());
        }
        return new SparseMerkleProof(keyHash, leaf, hashes(p.getSiblingsList(), "siblings"));
    }

    public static io.meshledger.proto.v1.InclusionProof toProto(InclusionProof proof) {
        var b = io.meshledger.proto.v1.InclusionProof.newBuilder().setLeafIndex(proof.leafIndex())
                .setTreeSize(proof.treeSize());
        proof.path().forEach(h -> b.addPath(bytes(h)));
        return b.build();
    }

    public static InclusionProof fromProto(io.meshledger.proto.v1.InclusionProof p) {
        try {
            return new InclusionProof(p.getLeafIndex(), p.getTreeSize(), hashes(p.getPathList(), "path"));
        } catch (IllegalArgumentException e) {
            throw new DecodingException("inclusion proof: " + e.getMessage(), e);
        }
    }

    static Hash hash(ByteString b, String field) {
        if (b.size() != Hash.LENGTH) {
            throw new DecodingException(field + " must be " + Hash.LENGTH + " bytes, got " + b.size());
        }
        return Hash.of(b.toByteArray());
    }

    private static List<Hash> hashes(List<ByteString> list, String field) {
        List<Hash> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(hash(list.get(i), field + "[" + i + "]"));
        }
        return out;
    }

    static ByteString bytes(Hash h) {
        return ByteString.copyFrom(h.unsafeArray());
    }
}
