package io.meshledger.node.execution.governance;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.Hash;

import java.util.Objects;

/**
 * The active code of a user contract, as governance recorded it.
 *
 * @param version  1 after deployment, +1 per upgrade
 * @param codeHash SHA-256 of {@code jar}: the key the runtime caches loaded code by
 * @param jar      the contract bundle
 */
public record DeployedCode(String name, long version, Hash codeHash, Bytes jar) {
    public DeployedCode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(codeHash, "codeHash");
        Objects.requireNonNull(jar, "jar");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, got " + version);
        }
    }
}
