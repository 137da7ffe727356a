package io.meshledger.core.genesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.CryptoException;
import io.meshledger.core.identity.Certificates;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.identity.Member;
import io.meshledger.core.identity.MembershipCheck;
import io.meshledger.core.identity.MembershipValidator;
import io.meshledger.core.identity.Role;
import io.meshledger.core.validators.Validator;
import io.meshledger.core.validators.ValidatorSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and writes {@code genesis.json}. Loading validates every field and
 * fails with one message naming the first bad one, e.g.
 * {@code genesis.json: validators[2].certificate: not issued by the CA of org1}.
 */
public final class GenesisCodec {
    private static final Pattern CHAIN_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GenesisCodec() {
    }

    public static Genesis load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new GenesisException(file + ": no such file");
        } catch (IOException e) {
            throw new GenesisException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.getFileName().toString());
    }

    /** Parses and validates; {@code source} prefixes error messages. */
    public static Genesis parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new GenesisException(source + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new GenesisException(source + ": top level must be a JSON object");
        }
        return new Reader(source).read(root);
    }

    public static String toJson(Genesis g) {
        ObjectNode root = JSON.createObjectNode();
        root.put("chain_id", g.chainId());
        root.put("genesis_time_ms", g.genesisTimeMs());
        root.put("epoch", g.validators().epoch());
        ArrayNode orgs = root.putArray("organisations");
        for (Organisation o : g.organisations()) {
            orgs.addObject().put("name", o.name())
                    .put("ca_certificate", Certificates.toPem(Certificates.CERTIFICATE, o.caCertificate().unsafeArray()));
        }
        ArrayNode vals = root.putArray("validators");
        for (Validator v : g.validators().validators()) {
            vals.addObject().put("name", v.name()).put("org", v.org()).put("endpoint", v.endpoint())
                    .put("certificate", Certificates.toPem(Certificates.CERTIFICATE, v.certificate().unsafeArray()));
        }
        ConsensusParameters c = g.consensus();
        root.putObject("consensus")
                .put("max_batch_size", c.maxBatchSize())
                .put("max_block_bytes", c.maxBlockBytes())
                .put("round_timeout_ms", c.roundTimeoutMs())
                .put("max_round_timeout_ms", c.maxRoundTimeoutMs())
                .put("timeout_backoff", c.timeoutBackoff());
        root.putObject("limits")
                .put("max_tx_bytes", g.limits().maxTransactionBytes())
                .put("expiry_window", g.limits().expiryWindow());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new GenesisException("cannot encode genesis: " + e.getMessage(), e);
        }
    }

    /** Walks the JSON tree, keeping the path of the field being read for error messages. */
    private static final class Reader {
        private final String source;

        Reader(String source) {
            this.source = source;
        }

        Genesis read(JsonNode root) {
            String chainId = text(root, "chain_id", "chain_id");
            if (!CHAIN_ID.matcher(chainId).matches()) {
                throw fail("chain_id", "must match " + CHAIN_ID.pattern() + ", got '" + chainId + "'");
            }
            long genesisTime = number(root, "genesis_time_ms", "genesis_time_ms");
            long epoch = root.has("epoch") ? number(root, "epoch", "epoch") : 0;

            List<Organisation> orgs = organisations(array(root, "organisations", "organisations"));
            List<String> orgNames = orgs.stream().map(Organisation::name).toList();
            MembershipValidator members;
            try {
                java.util.Map<String, Bytes> roots = new java.util.LinkedHashMap<>();
                orgs.forEach(o -> roots.put(o.name(), o.caCertificate()));
                members = new MembershipValidator(roots, 64);
            } catch (CryptoException e) {
                throw fail("organisations", e.getMessage());
            }
            Instant at = Instant.ofEpochMilli(genesisTime);
            ValidatorSet validators = validators(array(root, "validators", "validators"), orgNames, members, at, epoch);

            ConsensusParameters consensus;
            JsonNode c = object(root, "consensus", "consensus");
            try {
                consensus = new ConsensusParameters(
                        intNumber(c, "max_batch_size", "consensus.max_batch_size"),
                        intNumber(c, "max_block_bytes", "consensus.max_block_bytes"),
                        number(c, "round_timeout_ms", "consensus.round_timeout_ms"),
                        number(c, "max_round_timeout_ms", "consensus.max_round_timeout_ms"),
                        decimal(c, "timeout_backoff", "consensus.timeout_backoff"));
            } catch (IllegalArgumentException e) {
                throw failIn("consensus", e);
            }
            TransactionLimits limits;
            JsonNode l = object(root, "limits", "limits");
            try {
                limits = new TransactionLimits(intNumber(l, "max_tx_bytes", "limits.max_tx_bytes"),
                        number(l, "expiry_window", "limits.expiry_window"));
            } catch (IllegalArgumentException e) {
                throw failIn("limits", e);
            }
            return new Genesis(chainId, genesisTime, orgs, validators, consensus, limits);
        }

        private List<Organisation> organisations(JsonNode arr) {
            if (arr.isEmpty()) {
                throw fail("organisations", "at least one organisation is required");
            }
            List<Organisation> out = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < arr.size(); i++) {
                String path = "organisations[" + i + "]";
                JsonNode o = arr.get(i);
                String name = text(o, "name", path + ".name");
                if (!NAME.matcher(name).matches()) {
                    throw fail(path + ".name", "must match " + NAME.pattern() + ", got '" + name + "'");
                }
                if (!names.add(name)) {
                    throw fail(path + ".name", "organisation '" + name + "' appears twice");
                }
                byte[] der = pem(o, "ca_certificate", path + ".ca_certificate");
                String problem = CaCheck.problem(der, name);
                if (problem != null) {
                    throw fail(path + ".ca_certificate", problem);
                }
                out.add(new Organisation(name, Bytes.wrap(der)));
            }
            return out;
        }

        private ValidatorSet validators(JsonNode arr, List<String> orgs, MembershipValidator members,
                                        Instant at, long epoch) {
            if (arr.isEmpty()) {
                throw fail("validators", "at least one validator is required");
            }
            List<Validator> out = new ArrayList<>();
            Set<String> names = new HashSet<>();
            Set<String> endpoints = new HashSet<>();
            Set<IdentityId> ids = new HashSet<>();
            for (int i = 0; i < arr.size(); i++) {
                String path = "validators[" + i + "]";
                JsonNode v = arr.get(i);
                String name = text(v, "name", path + ".name");
                if (!NAME.matcher(name).matches() || !names.add(name)) {
                    throw fail(path + ".name", "'" + name + "' is not a valid, unique node name");
                }
                String org = text(v, "org", path + ".org");
                if (!orgs.contains(org)) {
                    throw fail(path + ".org", "'" + org + "' is not one of the organisations " + orgs);
                }
                String endpoint = text(v, "endpoint", path + ".endpoint");
                checkEndpoint(endpoint, path + ".endpoint");
                if (!endpoints.add(endpoint)) {
                    throw fail(path + ".endpoint", endpoint + " is used by two validators");
                }
                byte[] der = pem(v, "certificate", path + ".certificate");
                Member m = switch (members.validate(der, at)) {
                    case MembershipCheck.Valid ok -> ok.member();
                    case MembershipCheck.Invalid bad -> throw fail(path + ".certificate", bad.reason());
                };
                if (!m.org().equals(org) || m.role() != Role.NODE) {
                    throw fail(path + ".certificate", "must be a node certificate of " + org + ", is a "
                            + m.role().ou() + " certificate of " + m.org());
                }
                if (!ids.add(m.id())) {
                    throw fail(path + ".certificate", "the same certificate is used by two validators");
                }
                out.add(new Validator(m.id(), name, org, m.key(), endpoint, m.certificate()));
            }
            return new ValidatorSet(epoch, out);
        }

        private void checkEndpoint(String endpoint, String path) {
            int colon = endpoint.lastIndexOf(':');
            if (colon <= 0) {
                throw fail(path, "must be host:port, got '" + endpoint + "'");
            }
            try {
                int port = Integer.parseInt(endpoint.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw fail(path, "port must be in [1, 65535], got " + port);
                }
            } catch (NumberFormatException e) {
                throw fail(path, "port is not a number in '" + endpoint + "'");
            }
        }

        private byte[] pem(JsonNode node, String field, String path) {
            try {
                return Certificates.fromPem(Certificates.CERTIFICATE, text(node, field, path));
            } catch (CryptoException e) {
                throw fail(path, e.getMessage());
            }
        }

        private JsonNode field(JsonNode node, String field, String path) {
            JsonNode v = node == null ? null : node.get(field);
            if (v == null || v.isNull()) {
                throw fail(path, "is required");
            }
            return v;
        }

        private String text(JsonNode node, String field, String path) {
            JsonNode v = field(node, field, path);
            if (!v.isTextual() || v.asText().isEmpty()) {
                throw fail(path, "must be a non-empty string");
            }
            return v.asText();
        }

        private long number(JsonNode node, String field, String path) {
            JsonNode v = field(node, field, path);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                throw fail(path, "must be a non-negative integer, got " + v);
            }
            return v.asLong();
        }

        private int intNumber(JsonNode node, String field, String path) {
            long v = number(node, field, path);
            if (v > Integer.MAX_VALUE) {
                throw fail(path, "must be at most " + Integer.MAX_VALUE + ", got " + v);
            }
            return (int) v;
        }

        private double decimal(JsonNode node, String field, String path) {
            JsonNode v = field(node, field, path);
            if (!v.isNumber()) {
                throw fail(path, "must be a number, got " + v);
            }
            return v.asDouble();
        }

        private JsonNode array(JsonNode node, String field, String path) {
            JsonNode v = field(node, field, path);
            if (!v.isArray()) {
                throw fail(path, "must be an array");
            }
            return v;
        }

        private JsonNode object(JsonNode node, String field, String path) {
            JsonNode v = field(node, field, path);
            if (!v.isObject()) {
                throw fail(path, "must be an object");
            }
            return v;
        }

        /** The parameter records begin each message with the offending field's JSON name: prefix its section. */
        private GenesisException failIn(String section, IllegalArgumentException e) {
            String message = e.getMessage();
            int space = message.indexOf(' ');
            return space < 0 ? fail(section, message)
                    : fail(section + "." + message.substring(0, space), message.substring(space + 1));
        }

        private GenesisException fail(String path, String problem) {
            return new GenesisException(source + ": " + path + ": " + problem);
        }
    }
}
