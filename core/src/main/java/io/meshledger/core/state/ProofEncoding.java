package io.meshledger.core.state;

import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The byte layout of a {@link SparseMerkleProof}, documented on {@link SparseMerkleProof#encode()}. */
final class ProofEncoding {
    static final byte FORMAT = 0x01;

    private ProofEncoding() {
    }

    static byte[] encode(SparseMerkleProof proof) {
        List<Hash> siblings = proof.siblings();
        int n = siblings.size();
        byte[] bitmap = new byte[(n + 7) / 8];
        int explicit = 0;
        for (int i = 0; i < n; i++) {
            if (siblings.get(i).equals(StateHashes.PLACEHOLDER)) {
                bitmap[i >>> 3] |= (byte) (0x80 >>> (i & 7));
            } else {
                explicit++;
            }
        }
        int leafBytes = proof.leaf().isPresent() ? 2 * Hash.LENGTH : 0;
        ByteBuffer b = ByteBuffer.allocate(1 + Hash.LENGTH + 1 + leafBytes + 2 + bitmap.length + explicit * Hash.LENGTH);
        b.put(FORMAT).put(proof.keyHash().unsafeArray());
        if (proof.leaf().isPresent()) {
            b.put((byte) 1).put(proof.leaf().get().keyHash().unsafeArray())
                    .put(proof.leaf().get().valueHash().unsafeArray());
        } else {
            b.put((byte) 0);
        }
        b.putShort((short) n).put(bitmap);
        for (Hash s : siblings) {
            if (!s.equals(StateHashes.PLACEHOLDER)) {
                b.put(s.unsafeArray());
            }
        }
        return b.array();
    }

    static SparseMerkleProof decode(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte format = b.get();
            if (format != FORMAT) {
                throw new DecodingException(String.format("unknown sparse Merkle proof format 0x%02x", format & 0xff));
            }
            Hash keyHash = hash(b);
            int flag = b.get() & 0xff;
            Optional<SparseMerkleProof.Leaf> leaf = switch (flag) {
                case 0 -> Optional.empty();
                case 1 -> Optional.of(new SparseMerkleProof.Leaf(hash(b), hash(b)));
                default -> throw new DecodingException("leaf flag must be 0 or 1, got " + flag);
            };
            int n = b.getShort() & 0xffff;
            if (n > SparseMerkleProof.MAX_SIBLINGS) {
                throw new DecodingException("a proof has at most " + SparseMerkleProof.MAX_SIBLINGS
                        + " siblings, got " + n);
            }
            byte[] bitmap = new byte[(n + 7) / 8];
            b.get(bitmap);
            if (n % 8 != 0 && (bitmap[bitmap.length - 1] & (0xff >>> (n % 8))) != 0) {
                throw new DecodingException("unused bits of the placeholder bitmap must be zero");
            }
            List<Hash> siblings = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if ((bitmap[i >>> 3] & (0x80 >>> (i & 7))) != 0) {
                    siblings.add(StateHashes.PLACEHOLDER);
                } else {
                    Hash s = hash(b);
                    if (s.equals(StateHashes.PLACEHOLDER)) {
                        throw new DecodingException("sibling " + i + " is the placeholder but not marked in the bitmap");
                    }
                    siblings.add(s);
                }
            }
            if (b.hasRemaining()) {
                throw new DecodingException(b.remaining() + " bytes after the end of the sparse Merkle proof");
            }
            return new SparseMerkleProof(keyHash, leaf, siblings);
        } catch (BufferUnderflowException e) {
            throw new DecodingException("sparse Merkle proof is truncated (" + bytes.length + " bytes)", e);
        }
    }

    private static Hash hash(ByteBuffer b) {
        byte[] h = new byte[Hash.LENGTH];
        b.get(h);
        return Hash.of(h);
    }
}
