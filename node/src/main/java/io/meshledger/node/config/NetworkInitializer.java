package io.meshledger.node.config;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.genesis.ConsensusParameters;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.genesis.GenesisCodec;
import io.meshledger.core.genesis.Organisation;
import io.meshledger.core.genesis.TransactionLimits;
import io.meshledger.core.identity.CertificateAuthority;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.identity.Role;
import io.meshledger.core.validators.Validator;
import io.meshledger.core.validators.ValidatorSet;
import org.bouncycastle.cert.X509CertificateHolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a complete local network definition: a CA per organisation, users
 * {@code admin}, {@code publisher} and {@code auditor} per organisation, one node
 * per validator (assigned to organisations round-robin), {@code genesis.json},
 * and a {@code node.yaml} per node.
 *
 * <p>Nodes and CAs use ECDSA P-256 keys, which every TLS stack accepts for
 * mutual authentication; users get Ed25519 keys, the cheaper to sign with.
 * Each node has a host (default {@code 127.0.0.1}): genesis names it as the
 * node's peer endpoint and the node certificate carries it as a subject
 * alternative name. Every node binds the one listen address (default
 * {@code 127.0.0.1} when every host is loopback, else {@code 0.0.0.0}). Ports
 * follow {@link Options#peerPort}: on a loopback network node i (from 0) listens
 * for peers on {@code basePort + 10 i}, for clients on {@code basePort + 10 i + 1}
 * and serves metrics on {@code basePort + 10 i + 2}.
 */
public final class NetworkInitializer {
    /** Users created in every organisation. */
    public static final List<String> USERS = List.of("admin", "publisher", "auditor");
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration MEMBER_VALIDITY = Duration.ofDays(825);

    private final SecureRandom random;
    private final Clock clock;

    public NetworkInitializer(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    /**
     * Settings of a new network.
     *
     * @param out      network directory D
     * @param chainId  chain id written to genesis
     * @param orgs     number of organisations (>= 1)
     * @param nodes    number of validator nodes (>= 1)
     * @param basePort first port of each machine; each node on it takes ten from there
     * @param force    overwrite an existing network definition in {@code out}
     * @param hosts    where each node is reached, in node order: its genesis endpoint host and certificate name
     * @param listen   the address every node binds its listeners to (written into node.yaml)
     */
    public record Options(Path out, String chainId, int orgs, int nodes, int basePort, boolean force,
                          List<NodeHost> hosts, ListenAddress listen) {
        public Options {
            if (orgs < 1 || orgs > 100) {
                throw new IllegalArgumentException("--orgs must be in [1, 100], got " + orgs);
            }
            if (nodes < 1 || nodes > 100) {
                throw new IllegalArgumentException("--nodes must be in [1, 100], got " + nodes);
            }
            hosts = List.copyOf(hosts);
            Objects.requireNonNull(listen, "listen");
            if (hosts.size() != nodes) {
                throw new IllegalArgumentException("--hosts names " + hosts.size() + " host(s) but --nodes is " + nodes
                        + ": give exactly one host per node, in node order (a host may repeat)");
            }
            int mostOnOneMachine = hosts.stream()
                    .collect(Collectors.groupingBy(NodeHost::machine, Collectors.counting()))
                    .values().stream().mapToInt(Long::intValue).max().orElse(0);
            if (basePort < 1024 || basePort + 10 * mostOnOneMachine > 65535) {
                throw new IllegalArgumentException("--base-port must leave room for " + mostOnOneMachine
                        + " node(s) on one machine between 1024 and 65535, got " + basePort);
            }
            listen.unreachableReason(hosts).ifPresent(reason -> {
                throw new IllegalArgumentException("--listen " + reason);
            });
        }

        /** Every node on this machine's loopback interface, listening there only. */
        public Options(Path out, String chainId, int orgs, int nodes, int basePort, boolean force) {
            this(out, chainId, orgs, nodes, basePort, force,
                    Collections.nCopies(Math.max(nodes, 0), NodeHost.LOOPBACK), ListenAddress.LOOPBACK);
        }

        /**
         * The port rule: node {@code node} (from 0) takes {@code basePort + 10 k}
         * for peers, {@code + 1} for clients and {@code + 2} for metrics, where
         * {@code k} counts the nodes before it on the same machine. Nodes on
         * distinct machines thus all use the base ports, and a loopback network
         * numbers its nodes' ports in tens.
         */
        public int peerPort(int node) {
            NodeHost host = hosts.get(node);
            long sameMachineBefore = hosts.subList(0, node).stream()
                    .filter(h -> h.machine().equals(host.machine())).count();
            return basePort + 10 * (int) sameMachineBefore;
        }
    }

    /** Creates the network, with the default transaction limits, and returns its (validated, re-loaded) genesis. */
    public Genesis initialise(Options options) {
        return initialise(options, TransactionLimits.defaults());
    }

    /** Creates the network with transaction limits {@code limits} and returns its (validated, re-loaded) genesis. */
    public Genesis initialise(Options options, TransactionLimits limits) {
        Objects.requireNonNull(limits, "limits");
        NetworkLayout layout = new NetworkLayout(options.out());
        prepareDirectory(options);
        // Back-date a little so certificates are valid on machines whose clocks lag.
        Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

        List<CertificateAuthority> cas = new ArrayList<>();
        List<Organisation> orgs = new ArrayList<>();
        for (int i = 1; i <= options.orgs(); i++) {
            String org = "org" + i;
            CertificateAuthority ca = CertificateAuthority.create(org,
                    SigningKey.generate(SignatureAlgorithm.ECDSA_P256, random), notBefore, CA_VALIDITY, random);
            byte[] caDer = encoded(ca.certificate());
            PemFiles.writeCertificate(layout.caCertificate(org), caDer);
            PemFiles.writePrivateKey(layout.caKey(org), ca.key());
            for (String user : USERS) {
                SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519, random);
                Role role = user.equals("admin") ? Role.ADMIN : Role.USER;
                X509CertificateHolder cert = ca.issue(role, user, key.publicKey(), notBefore, MEMBER_VALIDITY, List.of());
                PemFiles.writeCertificate(layout.userCertificate(org, user), encoded(cert));
                PemFiles.writePrivateKey(layout.userKey(org, user), key);
            }
            cas.add(ca);
            orgs.add(new Organisation(org, Bytes.wrap(caDer)));
        }

        List<Validator> validators = new ArrayList<>();
        List<NodeConfig> configs = new ArrayList<>();
        for (int i = 0; i < options.nodes(); i++) {
            String node = "node" + (i + 1);
            CertificateAuthority ca = cas.get(i % cas.size());
            SigningKey key = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, random);
            NodeHost host = options.hosts().get(i);
            byte[] der = encoded(ca.issue(Role.NODE, node, key.publicKey(), notBefore, MEMBER_VALIDITY,
                    List.of("localhost", host.name())));
            Path dir = layout.nodeDir(node);
            PemFiles.writeCertificate(dir.resolve("node.crt"), der);
            PemFiles.writePrivateKey(dir.resolve("node.key"), key);
            int port = options.peerPort(i);
            String listen = options.listen().uriHost();
            // Peers dial the host; the node binds the listen address (the same one on a loopback network).
            validators.add(new Validator(IdentityId.ofCertificate(der), node, ca.org(), key.publicKey(),
                    new Endpoint(host.uriHost(), port).toString(), Bytes.wrap(der)));
            configs.add(new NodeConfig(node, ca.org(), layout.genesis(), dir.resolve("data"), dir.resolve("node.crt"),
                    dir.resolve("node.key"), new Endpoint(listen, port), new Endpoint(listen, port + 1),
                    NodeConfigCodec.DEFAULT_MEMPOOL_CAPACITY, NodeConfigCodec.DEFAULT_MEMPOOL_MAX_BYTES,
                    Optional.of(new Endpoint(listen, port + 2))));
        }

        Genesis genesis = new Genesis(options.chainId(), clock.millis(), orgs, new ValidatorSet(0, validators),
                ConsensusParameters.defaults(), limits);
        write(layout.genesis(), GenesisCodec.toJson(genesis));
        for (NodeConfig c : configs) {
            Path dir = layout.nodeDir(c.name());
            write(dir.resolve("node.yaml"), NodeConfigCodec.toYaml(c, dir));
        }
        // Load what was written, so a network that init produced is one that nodes accept.
        return GenesisCodec.load(layout.genesis());
    }

    private static void prepareDirectory(Options options) {
        Path out = options.out();
        try {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new ConfigException(out + " exists and is not a directory");
            }
            if (Files.isDirectory(out)) {
                boolean empty;
                try (Stream<Path> s = Files.list(out)) {
                    empty = s.findAny().isEmpty();
                }
                if (!empty && !options.force()) {
                    throw new ConfigException(out + " is not empty; use --force to overwrite the network definition in it");
                }
                NetworkLayout layout = new NetworkLayout(out);
                deleteRecursively(out.resolve("orgs"));
                deleteRecursively(layout.nodesDir());
                Files.deleteIfExists(layout.genesis());
            }
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + out, e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static byte[] encoded(X509CertificateHolder cert) {
        try {
            return cert.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode certificate", e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
