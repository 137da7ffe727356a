package io.meshledger.core.proof;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.meshledger.core.DecodingException;
import io.meshledger.proto.v1.LedgerProof;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads proof files strictly: the bytes must be the canonical encoding of a
 * {@link LedgerProof} of a known version with no unknown fields anywhere, so a
 * changed byte either breaks decoding or changes a field the verifier checks.
 */
public final class ProofFormat {
    /** The format version this code writes and verifies. */
    public static final int VERSION = 1;
    /** Proofs are small (a few KB); anything far larger is not one. */
    public static final int MAX_BYTES = 16 << 20;

    private ProofFormat() {
    }

    /** @throws DecodingException saying why the bytes are not a well-formed proof */
    public static LedgerProof decode(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new DecodingException("a proof is at most " + MAX_BYTES + " bytes, this is " + bytes.length);
        }
        LedgerProof proof;
        try {
            proof = LedgerProof.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new DecodingException("not a protobuf LedgerProof: " + e.getMessage(), e);
        }
        requireNoUnknownFields(proof, "proof");
        if (!Arrays.equals(proof.toByteArray(), bytes)) {
            throw new DecodingException("not the canonical encoding of a LedgerProof (fields out of order, repeated or padded)");
        }
        return proof;
    }

    private static void requireNoUnknownFields(Message message, String path) {
        if (!message.getUnknownFields().asMap().isEmpty()) {
            throw new DecodingException(path + " has unknown fields " + message.getUnknownFields().asMap().keySet());
        }
        for (Map.Entry<com.google.protobuf.Descriptors.FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
            if (e.getKey().getJavaType() != com.google.protobuf.Descriptors.FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            String child = path + "." + e.getKey().getName();
            if (e.getValue() instanceof List<?> list) {
                for (Object o : list) {
                    requireNoUnknownFields((Message) o, child);
                }
            } else {
                requireNoUnknownFields((Message) e.getValue(), child);
            }
        }
    }
}
