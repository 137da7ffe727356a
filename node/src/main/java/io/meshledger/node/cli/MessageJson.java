package io.meshledger.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * Renders wire and contract messages as JSON for people and scripts, with the
 * proto field names. Bytes print as hex (hashes and ids), except payloads and
 * event data, which print as text when they are UTF-8 and as base64 otherwise
 * (with a {@code <field>_encoding} sibling saying which).
 */
final class MessageJson {
    private static final Set<String> BODY_FIELDS = Set.of("payload", "data");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MessageJson() {
    }

    static ObjectNode of(Message message) {
        ObjectNode out = MAPPER.createObjectNode();
        for (FieldDescriptor f : message.getDescriptorForType().getFields()) {
            if (f.isRepeated()) {
                ArrayNode array = out.putArray(f.getName());
                for (int i = 0; i < message.getRepeatedFieldCount(f); i++) {
                    Object v = message.getRepeatedField(f, i);
                    if (v instanceof Message m) {
                        array.add(of(m));
                    } else {
                        array.add(MAPPER.valueToTree(scalar(v)));
                    }
                }
            } else if (!f.hasPresence() || message.hasField(f)) {
                put(out, f, message.getField(f));
            }
        }
        return out;
    }

    static String pretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    private static void put(ObjectNode out, FieldDescriptor f, Object value) {
        if (value instanceof Message m) {
            out.set(f.getName(), of(m));
        } else if (value instanceof ByteString b && BODY_FIELDS.contains(f.getName())) {
            String text = utf8(b);
            out.put(f.getName(), text != null ? text : Base64.getEncoder().encodeToString(b.toByteArray()));
            out.put(f.getName() + "_encoding", text != null ? "utf-8" : "base64");
        } else {
            out.set(f.getName(), MAPPER.valueToTree(scalar(value)));
        }
    }

    private static Object scalar(Object v) {
        if (v instanceof ByteString b) {
            return HexFormat.of().formatHex(b.toByteArray());
        }
        if (v instanceof EnumValueDescriptor e) {
            return e.getName();
        }
        return v;
    }

    private static String utf8(ByteString b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(b.asReadOnlyByteBuffer()).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
