package io.meshledger.node.config;

import java.nio.file.Path;

/**
 * Where {@code network init} puts things under a network directory D:
 * {@code D/genesis.json}, {@code D/orgs/<org>/ca/}, {@code D/orgs/<org>/users/<user>/},
 * {@code D/nodes/<node>/}.
 */
public record NetworkLayout(Path root) {
    public Path genesis() {
        return root.resolve("genesis.json");
    }

    public Path orgDir(String org) {
        return root.resolve("orgs").resolve(org);
    }

    public Path caCertificate(String org) {
        return orgDir(org).resolve("ca").resolve("ca.crt");
    }

    public Path caKey(String org) {
        return orgDir(org).resolve("ca").resolve("ca.key");
    }

    public Path userDir(String org, String user) {
        return orgDir(org).resolve("users").resolve(user);
    }

    public Path userCertificate(String org, String user) {
        return userDir(org, user).resolve("cert.pem");
    }

    public Path userKey(String org, String user) {
        return userDir(org, user).resolve("key.pem");
    }

    public Path nodesDir() {
        return root.resolve("nodes");
    }

    public Path nodeDir(String node) {
        return nodesDir().resolve(node);
    }

    public Path nodeConfig(String node) {
        return nodeDir(node).resolve("node.yaml");
    }
}
