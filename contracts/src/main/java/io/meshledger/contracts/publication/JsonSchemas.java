package io.meshledger.contracts.publication;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import io.meshledger.contracts.ContractException;
import io.meshledger.contracts.FailureCodes;
import io.meshledger.contracts.support.Fail;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * JSON Schema checks for datasets and payloads, arranged so every node reaches
 * the same verdict and the same message:
 * <ul>
 *   <li>no resource is ever fetched: a schema may only reference itself ({@code "#..."}),
 *       may not declare {@code $id}, and may name only a dialect whose meta-schema ships
 *       inside the validator jar; the loader is also built with remote fetching off and an
 *       allow-list of those meta-schema addresses;</li>
 *   <li>messages use a fixed locale (English), never the node's default;</li>
 *   <li>{@code format} is an annotation only (its checks vary between library versions);</li>
 *   <li>JSON is parsed strictly (duplicate keys and trailing tokens refused, bounded
 *       nesting, decimals as {@code BigDecimal}) so no two parsers read it differently.</li>
 * </ul>
 * Thread-safe: the registry and mapper are immutable after construction.
 */
final class JsonSchemas {
    static final int MAX_SCHEMA_CHARS = 64 * 1024;
    static final int MAX_NESTING = 64;
    private static final int MAX_MESSAGES = 3;
    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    private static final Set<String> DIALECTS = Set.of(
            DRAFT_2020_12,
            "https://json-schema.org/draft/2019-09/schema",
            "http://json-schema.org/draft-07/schema",
            "http://json-schema.org/draft-07/schema#");
    private static final Set<String> REFERENCE_KEYWORDS = Set.of("$ref", "$dynamicRef", "$recursiveRef");
    private static final Locale MESSAGE_LOCALE = Locale.ENGLISH;

    private static final List<JsonNode> PROBES = List.of(
            JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.booleanNode(true),
            JsonNodeFactory.instance.numberNode(0), JsonNodeFactory.instance.textNode(""),
            JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.arrayNode());

    private final ObjectMapper mapper;
    private final SchemaRegistry registry;

    JsonSchemas() {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .locale(MESSAGE_LOCALE)
                .formatAssertionsEnabled(false)
                .pathType(PathType.JSON_POINTER)
                .preloadSchema(true)
                .build();
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
                .schemaRegistryConfig(config)
                .schemaLoader(loader -> loader
                        .fetchRemoteResources(false)
                        .allow(iri -> isMetaSchemaAddress(iri.toString()))));
    }

    /**
     * Checks a dataset's schema: strict JSON, self-contained, a known dialect, valid
     * against its meta-schema, and compilable.
     *
     * @throws ContractException {@code INVALID_ARGUMENT} naming the first problems
     */
    void checkSchema(String schemaText) {
        if (schemaText.length() > MAX_SCHEMA_CHARS) {
            throw Fail.invalid("json_schema is " + schemaText.length() + " characters, limit " + MAX_SCHEMA_CHARS);
        }
        JsonNode node = parse(schemaText, FailureCodes.INVALID_ARGUMENT, "json_schema");
        if (!node.isObject() && !node.isBoolean()) {
            throw Fail.invalid("json_schema must be a JSON object or boolean");
        }
        String dialect = node.path("$schema").asText(DRAFT_2020_12);
        if (!DIALECTS.contains(dialect)) {
            throw Fail.invalid("json_schema names dialect '" + dialect + "'; supported: " + DIALECTS.stream().sorted().toList());
        }
        refuseExternalResources(node, "");
        List<Error> problems;
        try {
            Schema meta = registry.getSchema(SchemaLocation.of(dialect));
            problems = meta.validate(node, context -> context.executionConfig(
                    config -> config.locale(MESSAGE_LOCALE).formatAssertionsEnabled(false)));
        } catch (RuntimeException e) {
            // The validator signals unusable schemas with its own unchecked exceptions.
            throw Fail.invalid("json_schema cannot be checked: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw Fail.invalid("json_schema is not a valid schema: " + summarise(problems));
        }
        Schema schema = compile(node, FailureCodes.INVALID_ARGUMENT);
        for (JsonNode probe : PROBES) {
            if (recursesWithoutEnd(schema, probe)) {
                throw Fail.invalid("json_schema references itself in a cycle that never reaches a value");
            }
        }
    }

    /**
     * Validates {@code payload} (UTF-8 JSON) against a schema accepted earlier by {@link #checkSchema}.
     *
     * @throws ContractException {@code SCHEMA_VIOLATION} with the validator's first messages
     */
    void validate(String schemaText, byte[] payload) {
        JsonNode instance = parse(payload, "payload");
        Schema schema = compile(parse(schemaText, FailureCodes.SCHEMA_VIOLATION, "json_schema"), FailureCodes.SCHEMA_VIOLATION);
        List<Error> errors;
        try {
            errors = schema.validate(instance, context -> context.executionConfig(
                    config -> config.locale(MESSAGE_LOCALE).formatAssertionsEnabled(false)));
        } catch (RuntimeException e) {
            throw new ContractException(FailureCodes.SCHEMA_VIOLATION, "payload cannot be validated: " + e.getMessage());
        } catch (StackOverflowError e) {
            // See recursesWithoutEnd: only an endless reference cycle gets here, on every node alike.
            throw new ContractException(FailureCodes.SCHEMA_VIOLATION, "the dataset schema recurses without end for this payload");
        }
        if (!errors.isEmpty()) {
            throw new ContractException(FailureCodes.SCHEMA_VIOLATION, "payload violates the dataset schema: " + summarise(errors));
        }
    }

    /**
     * A {@code $ref} cycle that never descends into the instance makes the validator
     * recurse until the stack overflows. That outcome does not depend on stack size
     * (the recursion is endless), while legitimate recursion is bounded by
     * {@link #MAX_NESTING}, so catching this one error is deterministic. Schemas that
     * cycle on the probe values are refused at creation; cycles reached only through
     * particular payloads are caught at publication.
     */
    private static boolean recursesWithoutEnd(Schema schema, JsonNode probe) {
        try {
            schema.validate(probe, context -> context.executionConfig(
                    config -> config.locale(MESSAGE_LOCALE).formatAssertionsEnabled(false)));
            return false;
        } catch (StackOverflowError e) {
            return true;
        } catch (RuntimeException e) {
            throw Fail.invalid("json_schema cannot be evaluated: " + e.getMessage());
        }
    }

    private Schema compile(JsonNode node, String failureCode) {
        try {
            Schema schema = registry.getSchema(node);
            schema.initializeValidators();
            return schema;
        } catch (RuntimeException e) {
            throw new ContractException(failureCode, "json_schema does not compile: " + e.getMessage());
        }
    }

    private JsonNode parse(String text, String failureCode, String field) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ContractException(failureCode, field + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private JsonNode parse(byte[] json, String field) {
        try {
            JsonNode node = mapper.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new ContractException(FailureCodes.SCHEMA_VIOLATION, field + " is empty, not JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ContractException(FailureCodes.SCHEMA_VIOLATION, field + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ContractException(FailureCodes.SCHEMA_VIOLATION, field + " is not valid JSON: " + e.getMessage());
        }
    }

    /**
     * Walks the schema document: a string under a reference keyword must point inside the
     * document, and {@code $id} (which would rebase references elsewhere) is refused. A
     * conservative walk: such keys inside {@code const}/{@code enum} data are refused too.
     */
    private static void refuseExternalResources(JsonNode node, String pointer) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseExternalResources(node.get(i), pointer + "/" + i);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            String here = pointer + "/" + key;
            if (value.isTextual() && REFERENCE_KEYWORDS.contains(key) && !value.asText().startsWith("#")) {
                throw Fail.invalid("json_schema references '" + value.asText() + "' at " + here
                        + "; only references within the schema (\"#...\") are allowed");
            }
            if (value.isTextual() && (key.equals("$id") || (key.equals("$schema") && !pointer.isEmpty()))) {
                throw Fail.invalid("json_schema declares " + key + " at " + here + "; not allowed (self-contained schemas only)");
            }
            refuseExternalResources(value, here);
        }
    }

    private static boolean isMetaSchemaAddress(String iri) {
        return iri.startsWith("https://json-schema.org/draft/2020-12/")
                || iri.startsWith("https://json-schema.org/draft/2019-09/")
                || iri.startsWith("http://json-schema.org/draft-07/");
    }

    private static String summarise(List<Error> errors) {
        String first = errors.stream().limit(MAX_MESSAGES).map(JsonSchemas::describe).collect(Collectors.joining("; "));
        return errors.size() > MAX_MESSAGES ? first + "; and " + (errors.size() - MAX_MESSAGES) + " more" : first;
    }

    private static String describe(Error error) {
        String where = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        return (where.isEmpty() ? "/" : where) + " " + error.getMessage();
    }
}
