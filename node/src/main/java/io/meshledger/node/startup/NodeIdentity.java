package io.meshledger.node.startup;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.CryptoException;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.identity.Certificates;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.validators.Validator;
import io.meshledger.node.config.ConfigException;
import io.meshledger.node.config.NodeConfig;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who this node is: its validator entry in genesis, its certificate and its
 * signing key, read from the files node.yaml names and checked against genesis.
 *
 * @param validator   this node's entry in the genesis validator set
 * @param certificate the node certificate (DER), the one genesis names for it
 * @param key         the private key of that certificate
 */
public record NodeIdentity(Validator validator, Bytes certificate, SigningKey key) {
    private static final Pattern PEM_LABEL = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");

    public NodeIdentity {
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
    }

    /**
     * Finds the node in genesis and reads its certificate and key.
     *
     * @throws ConfigException naming the node.yaml key (node, org, identity.certificate, identity.key), the
     *                         problem and the fix
     */
    public static NodeIdentity load(NodeConfig config, Genesis genesis) {
        List<Validator> validators = genesis.validators().validators();
        Validator me = validators.stream().filter(v -> v.name().equals(config.name())).findFirst()
                .orElseThrow(() -> ConfigException.problem("node", "'" + config.name() + "' is not a validator in "
                        + config.genesis() + " (its validators are " + String.join(", ",
                        validators.stream().map(Validator::name).toList()) + ")", "set node to this node's"
                        + " validator name, or genesis to the genesis.json of this node's network"));
        if (!me.org().equals(config.org())) {
            throw ConfigException.problem("org", "'" + config.org() + "' does not run " + me.name() + "; genesis says "
                    + me.org() + " does", "set org: " + me.org());
        }
        byte[] certificate = readCertificate(config.certificate());
        IdentityId found = IdentityId.ofCertificate(certificate);
        if (!found.equals(me.id())) {
            throw ConfigException.problem("identity.certificate", config.certificate() + " is not the certificate"
                    + " genesis names for " + me.name() + " (its fingerprint is " + found.toHex() + ", genesis names "
                    + me.id().toHex() + ")", "point identity.certificate at " + me.name() + "'s node.crt, or genesis"
                    + " at the genesis.json of the network that certificate belongs to");
        }
        SigningKey key = readKey(config.key());
        if (!key.publicKey().equals(me.key())) {
            throw ConfigException.problem("identity.key", config.key() + " is not the private key of " + me.name()
                    + "'s certificate " + config.certificate(), "point identity.key at the node.key written with"
                    + " that certificate");
        }
        return new NodeIdentity(me, Bytes.wrap(certificate), key);
    }

    private static byte[] readCertificate(Path file) {
        String text = readPem("identity.certificate", file, "the node's certificate (node.crt)");
        try {
            return Certificates.fromPem(Certificates.CERTIFICATE, text);
        } catch (CryptoException e) {
            if (text.contains("-----BEGIN CERTIFICATE-----")) {
                throw ConfigException.problem("identity.certificate", file + " holds a damaged certificate ("
                        + e.getMessage() + ")", "restore the node's node.crt from the network directory", e);
            }
            throw ConfigException.problem("identity.certificate", file + " holds " + pemContents(text)
                    + ", not a PEM certificate", swappedHint(text, Certificates.CERTIFICATE)
                    + "point identity.certificate at the node's certificate (-----BEGIN CERTIFICATE-----)", e);
        }
    }

    private static SigningKey readKey(Path file) {
        String text = readPem("identity.key", file, "the node's private key (node.key)");
        byte[] der;
        try {
            der = Certificates.fromPem(Certificates.PRIVATE_KEY, text);
        } catch (CryptoException e) {
            if (text.contains("-----BEGIN PRIVATE KEY-----")) {
                throw ConfigException.problem("identity.key", file + " holds a damaged private key ("
                        + e.getMessage() + ")", "restore the node's node.key from its backup", e);
            }
            String contents = pemContents(text);
            String fix = contents.contains("EC PRIVATE KEY") || contents.contains("ENCRYPTED PRIVATE KEY")
                    ? "convert it to unencrypted PKCS#8 (openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName()
                    + " -out node.key) and keep it mode 0600"
                    : swappedHint(text, Certificates.PRIVATE_KEY) + "point identity.key at the node's PKCS#8 private"
                    + " key (-----BEGIN PRIVATE KEY-----)";
            throw ConfigException.problem("identity.key", file + " holds " + contents + ", not a PKCS#8 private key",
                    fix, e);
        }
        try {
            return SigningKey.fromPkcs8(der);
        } catch (CryptoException e) {
            throw ConfigException.problem("identity.key", file + " holds a private key this node cannot use ("
                    + e.getMessage() + "); node keys are ECDSA P-256 or Ed25519", "point identity.key at the node.key"
                    + " network init wrote for this node", e);
        }
    }

    /** The text of a PEM file, or one line saying why it cannot be read. */
    private static String readPem(String key, Path file, String what) {
        String fix = "point " + key + " at " + what + "; a relative path resolves against node.yaml's directory";
        if (Files.isDirectory(file)) {
            throw ConfigException.problem(key, file + " is a directory, not a file", fix);
        }
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw ConfigException.problem(key, file + ": no such file", fix);
        } catch (AccessDeniedException e) {
            throw ConfigException.problem(key, file + ": permission denied", "make it readable by the user running"
                    + " the node (chown that user, keep the mode 0600 for a key)");
        } catch (MalformedInputException e) {
            throw ConfigException.problem(key, file + " is not a PEM text file (it holds binary data)", fix);
        } catch (IOException e) {
            throw ConfigException.problem(key, file + " cannot be read: " + e.getMessage(), fix, e);
        }
    }

    /** What the PEM blocks of {@code text} are, in words, e.g. "a PEM 'PRIVATE KEY' block" or "no PEM block". */
    private static String pemContents(String text) {
        Matcher m = PEM_LABEL.matcher(text);
        List<String> labels = m.results().map(r -> r.group(1)).distinct().toList();
        if (labels.isEmpty()) {
            return text.isBlank() ? "nothing (it is empty)" : "no PEM block";
        }
        return labels.size() == 1 ? "a PEM '" + labels.get(0) + "' block" : "PEM blocks '"
                + String.join("', '", labels) + "'";
    }

    /** "identity.certificate and identity.key look swapped; " when the file holds the other one's kind. */
    private static String swappedHint(String text, String expected) {
        String other = expected.equals(Certificates.CERTIFICATE) ? Certificates.PRIVATE_KEY : Certificates.CERTIFICATE;
        return text.contains("-----BEGIN " + other + "-----")
                ? "identity.certificate and identity.key look swapped; " : "";
    }
}
