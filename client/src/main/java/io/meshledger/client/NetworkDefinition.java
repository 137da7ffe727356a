package io.meshledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.genesis.GenesisCodec;
import io.meshledger.core.validators.Validator;

import org.bouncycastle.util.IPAddress;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a client needs to know about a network: its genesis (chain id, member
 * organisations, validators, transaction limits) and the client API addresses
 * of its nodes, in order of preference.
 *
 * <p>Load one from a directory written by {@code meshledger network init}
 * ({@link #load}), or assemble one for a remote deployment from a genesis file
 * and the endpoints the operators publish ({@link #of(Path, List)}).
 *
 * @param genesis   the network's genesis
 * @param endpoints client API addresses, the first preferred; never empty
 */
public record NetworkDefinition(Genesis genesis, List<LedgerClient.Endpoint> endpoints) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Refuses a definition without endpoints; copies them. */

    public NetworkDefinition {
        Objects.requireNonNull(genesis, "genesis");
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("a network definition needs at least one endpoint");
        }
    }

    /**
     * Reads {@code dir/genesis.json} and the {@code api_listen} address of every
     * validator's {@code dir/nodes/<node>/node.yaml}, in genesis order, as a
     * client dials it ({@link #clientEndpoint}).
     *
     * @throws IllegalArgumentException naming the file and field that is missing or malformed
     */
    public static NetworkDefinition load(Path dir) {
        Genesis genesis = GenesisCodec.load(dir.resolve("genesis.json"));
        List<LedgerClient.Endpoint> endpoints = new ArrayList<>();
        for (Validator v : genesis.validators().validators()) {
            endpoints.add(clientEndpoint(apiEndpoint(dir.resolve("nodes").resolve(v.name()).resolve("node.yaml")), v));
        }
        return new NetworkDefinition(genesis, endpoints);
    }

    /** A remote network: its genesis file and the client API endpoints its operators publish. */
    public static NetworkDefinition of(Path genesisFile, List<LedgerClient.Endpoint> endpoints) {
        return new NetworkDefinition(GenesisCodec.load(genesisFile), endpoints);
    }

    /** The chain id every transaction and signed query must name. */
    public String chainId() {
        return genesis.chainId();
    }

    /** The same network reached through {@code preferred} only, e.g. a {@code --node} override. */
    public NetworkDefinition withEndpoints(List<LedgerClient.Endpoint> preferred) {
        return new NetworkDefinition(genesis, preferred);
    }

    /**
     * Where a client dials a node whose {@code node.yaml} says {@code api_listen}:
     * that address, unless its host is a wildcard ({@code 0.0.0.0}, {@code ::}),
     * which means "every interface" to the node and nothing to a client; then the
     * host of the validator's genesis endpoint (where its peers reach it) with the
     * {@code api_listen} port.
     */
    public static LedgerClient.Endpoint clientEndpoint(LedgerClient.Endpoint apiListen, Validator validator) {
        if (!isWildcard(apiListen.host())) {
            return apiListen;
        }
        LedgerClient.Endpoint peer;
        try {
            peer = LedgerClient.Endpoint.parse(validator.endpoint());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("genesis endpoint of " + validator.name() + ": " + e.getMessage(), e);
        }
        return new LedgerClient.Endpoint(peer.host(), apiListen.port());
    }

    /** Whether {@code host} (an IPv6 literal possibly in brackets) is 0.0.0.0 or ::, without asking DNS. */
    static boolean isWildcard(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!IPAddress.isValid(bare)) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The {@code api_listen} address of a {@code node.yaml}. */
    static LedgerClient.Endpoint apiEndpoint(Path nodeYaml) {
        String text;
        try {
            text = Files.readString(nodeYaml);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(nodeYaml + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(nodeYaml + ": cannot read: " + e.getMessage(), e);
        }
        return apiEndpoint(text, nodeYaml.toString());
    }

    /** The {@code api_listen} address in a node.yaml's text; {@code source} prefixes error messages. */
    static LedgerClient.Endpoint apiEndpoint(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        JsonNode api = root == null ? null : root.get("api_listen");
        if (api == null || !api.isTextual() || api.asText().isBlank()) {
            throw new IllegalArgumentException(source + ": api_listen: is required (host:port)");
        }
        try {
            return LedgerClient.Endpoint.parse(api.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": api_listen: " + e.getMessage(), e);
        }
    }
}
