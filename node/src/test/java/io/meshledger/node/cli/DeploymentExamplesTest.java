package io.meshledger.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.genesis.GenesisCodec;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.validators.Validator;
import io.meshledger.node.config.NetworkLayout;
import io.meshledger.node.config.NodeConfig;
import io.meshledger.node.config.NodeConfigCodec;
import io.meshledger.node.config.PemFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment examples in {@code network-config/} (Dockerfile, systemd unit,
 * Kubernetes manifests, the command lines in their guides) are never run here:
 * no Docker engine, no cluster. This test keeps them honest instead: it runs
 * their {@code network init} lines, rebuilds each pod's and host's file layout
 * from the mounts they declare, loads the node.yaml there as the node would, and
 * checks that ports, paths, names and command lines agree with what was written
 * and with what the CLI accepts.
 */
class DeploymentExamplesTest {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path CONFIG = ROOT.resolve("network-config");
    static final Path DEPLOY = CONFIG.resolve("deploy");
    static final Path K8S = DEPLOY.resolve("k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    // ------------------------------------------------------------ Kubernetes

    @Test
    void theKubernetesInitLineNamesEveryPodThroughTheHeadlessService() throws Exception {
        JsonNode service = YAML.readTree(K8S.resolve("service.yaml").toFile());
        JsonNode sts = YAML.readTree(K8S.resolve("statefulset.yaml").toFile());
        assertEquals("None", service.at("/spec/clusterIP").asText());
        assertTrue(service.at("/spec/publishNotReadyAddresses").asBoolean(), "peers must resolve each other while starting");
        assertEquals(service.at("/metadata/name").asText(), sts.at("/spec/serviceName").asText());
        assertEquals(service.at("/metadata/namespace").asText(), sts.at("/metadata/namespace").asText());
        service.at("/spec/selector").fields().forEachRemaining(label -> assertEquals(label.getValue().asText(),
                sts.at("/spec/template/metadata/labels").path(label.getKey()).asText(), "service selects the pods"));

        Genesis genesis = GenesisCodec.load(initFromK8sReadme().resolve("genesis.json"));
        List<Validator> validators = genesis.validators().validators();
        assertEquals(sts.at("/spec/replicas").asInt(), validators.size());
        int peerPort = containerPorts(sts).get("peer");
        for (int i = 0; i < validators.size(); i++) {
            assertEquals(podHost(sts, service, i) + ":" + peerPort, validators.get(i).endpoint());
        }
    }

    @Test
    void containerServiceProbeAndImagePortsAreTheOnesNetworkInitWrote() throws Exception {
        JsonNode service = YAML.readTree(K8S.resolve("service.yaml").toFile());
        JsonNode sts = YAML.readTree(K8S.resolve("statefulset.yaml").toFile());
        Path net = initFromK8sReadme();
        Map<String, Integer> ports = containerPorts(sts);
        for (Validator v : GenesisCodec.load(net.resolve("genesis.json")).validators().validators()) {
            NodeConfig c = NodeConfigCodec.load(new NetworkLayout(net).nodeConfig(v.name()));
            assertEquals(Map.of("peer", c.peerListen().port(), "api", c.apiListen().port(),
                    "metrics", c.metricsListen().orElseThrow().port()), ports, v.name());
            for (String host : List.of(c.peerListen().host(), c.apiListen().host(), c.metricsListen().get().host())) {
                assertEquals("0.0.0.0", host, v.name() + " must listen on the pod's interfaces");
            }
        }
        Map<String, Integer> servicePorts = new HashMap<>();
        for (JsonNode p : service.at("/spec/ports")) {
            servicePorts.put(p.get("name").asText(), p.get("port").asInt());
            assertEquals(p.get("name").asText(), p.get("targetPort").asText());
        }
        assertEquals(ports, servicePorts);
        JsonNode container = sts.at("/spec/template/spec/containers/0");
        assertEquals((int) ports.get("api"), container.at("/readinessProbe/grpc/port").asInt());
        assertEquals(ports.get("metrics").toString(),
                sts.at("/spec/template/metadata/annotations").get("prometheus.io/port").asText());
        assertEquals(Set.copyOf(ports.values()), Dockerfile.read().expose());
    }

    @Test
    void eachPodFindsItsOwnNodeFilesWhereItsNodeYamlLooksForThem() throws Exception {
        JsonNode service = YAML.readTree(K8S.resolve("service.yaml").toFile());
        JsonNode sts = YAML.readTree(K8S.resolve("statefulset.yaml").toFile());
        Path net = initFromK8sReadme();
        Genesis genesis = GenesisCodec.load(net.resolve("genesis.json"));
        Map<String, Path> configMapFiles = fromFiles(commandLine(K8S.resolve("README.md"), "create configmap"), net);
        Map<String, Path> secretFiles = fromFiles(commandLine(K8S.resolve("README.md"), "create secret generic"), net);

        JsonNode pod = sts.at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        assertTrue(container.path("command").isMissingNode(), "the image's ENTRYPOINT must not be overridden");
        assertEquals("metadata.name", container.at("/env/0/valueFrom/fieldRef/fieldPath").asText());
        String podNameVariable = "$(" + container.at("/env/0/name").asText() + ")";
        Path configPath = Path.of(nodeStartConfig(Dockerfile.read().entrypoint(), jsonStrings(container.get("args"))));

        Map<String, JsonNode> volumes = new HashMap<>();
        pod.get("volumes").forEach(v -> volumes.put(v.get("name").asText(), v));
        Set<String> claims = new java.util.HashSet<>();
        sts.at("/spec/volumeClaimTemplates").forEach(c -> claims.add(c.at("/metadata/name").asText()));

        for (int i = 0; i < genesis.validators().size(); i++) {
            String podName = sts.at("/metadata/name").asText() + "-" + i;
            Path podRoot = tmp.resolve("pods").resolve(podName);
            Map<String, Path> mounted = new HashMap<>();
            for (JsonNode mount : container.get("volumeMounts")) {
                String name = mount.get("name").asText();
                Path target = podRoot.resolve(mount.get("mountPath").asText().substring(1));
                mounted.put(name + ":" + mount.path("subPath").asText(mount.path("subPathExpr").asText()), target);
                Files.createDirectories(target.getParent());
                if (claims.contains(name)) {
                    Files.createDirectories(target);
                    continue;
                }
                assertTrue(mount.path("readOnly").asBoolean(), mount + " should be read-only");
                JsonNode volume = volumes.get(name);
                String key;
                Map<String, Path> sources;
                if (volume.has("configMap")) {
                    key = mount.get("subPath").asText();
                    sources = configMapFiles;
                    assertEquals(commandName(K8S.resolve("README.md"), "create configmap"),
                            volume.at("/configMap/name").asText());
                } else {
                    String path = mount.get("subPathExpr").asText().replace(podNameVariable, podName);
                    key = secretItemKey(volume, path);
                    sources = secretFiles;
                    assertEquals(commandName(K8S.resolve("README.md"), "create secret generic"),
                            volume.at("/secret/secretName").asText());
                }
                assertTrue(sources.containsKey(key), "no file is put into the cluster under key " + key);
                Files.copy(sources.get(key), target);
            }

            // The node reads its node.yaml where the pod puts it, and everything it names is there.
            NodeConfig c = NodeConfigCodec.load(podRoot.resolve(configPath.toString().substring(1)));
            String host = podHost(sts, service, i);
            Validator v = genesis.validators().validators().stream().filter(x -> x.endpoint().startsWith(host + ":"))
                    .findFirst().orElseThrow(() -> new AssertionError("no validator is reached at " + host));
            assertEquals(v.name(), c.name(), podName + " must run the node genesis reaches at its name");
            assertEquals(genesis.chainId(), GenesisCodec.load(c.genesis()).chainId());
            assertEquals(v.key(), PemFiles.readPrivateKey(c.key()).publicKey());
            assertEquals(v.id(), IdentityId.ofCertificate(PemFiles.readCertificate(c.certificate())));
            assertTrue(claims.stream().anyMatch(claim -> c.dataDir().equals(mounted.get(claim + ":"))),
                    "the data directory " + c.dataDir() + " must be the pod's persistent volume");
        }
    }

    // ------------------------------------------------------------ the image

    @Test
    void theImageRunsTheRunnableJarAsNodeStartWithItsNodeDirectoryAsTheVolume() throws Exception {
        Dockerfile docker = Dockerfile.read();
        assertTrue(docker.from().startsWith("eclipse-temurin:21"), docker.from());
        Matcher jar = Pattern.compile("JAR=\"\\$ROOT/([^\"]+)\"").matcher(Files.readString(ROOT.resolve("bin/meshledger")));
        assertTrue(jar.find(), "bin/meshledger names the runnable jar");
        assertEquals(jar.group(1), docker.copy().get(0), "the image copies the jar bin/meshledger runs");
        assertTrue(Files.readString(ROOT.resolve("node/pom.xml")).contains("/" + Path.of(jar.group(1)).getFileName()
                + "</outputFile>"), "the shade plugin writes that jar");
        List<String> entrypoint = docker.entrypoint();
        assertEquals(docker.copy().get(1), entrypoint.get(entrypoint.indexOf("-jar") + 1));

        String config = nodeStartConfig(entrypoint, docker.cmd());
        assertEquals(Path.of(config).getParent().toString(), docker.volume(), "the volume is the node directory");
        JsonNode sts = YAML.readTree(K8S.resolve("statefulset.yaml").toFile());
        assertEquals(config, nodeStartConfig(entrypoint, jsonStrings(sts.at("/spec/template/spec/containers/0/args"))));
        assertEquals(sts.at("/spec/template/spec/securityContext/runAsUser").asText(), docker.user().split(":")[0]);
    }

    // ------------------------------------------------------------ systemd

    @Test
    void theSystemdUnitStartsItsInstancesNodeFromTheNetworkInitLayoutAndMayWriteOnlyThere() throws Exception {
        Map<String, String> unit = systemdService(DEPLOY.resolve("meshledger-node@.service"));
        assertEquals("SIGTERM", unit.get("KillSignal"));
        assertEquals("on-failure", unit.get("Restart"));
        assertTrue(Integer.parseInt(unit.get("LimitNOFILE")) >= 65536, unit.get("LimitNOFILE"));
        assertEquals("strict", unit.get("ProtectSystem"));
        List<String> exec = List.of(unit.get("ExecStart").split("\\s+"));
        assertTrue(exec.get(0).startsWith("/"), "systemd needs an absolute path: " + exec.get(0));
        String config = nodeStartConfig(exec, List.of()).replace("%i", "node2");

        // A network as network init writes it, at the unit's root, on a temporary file system.
        Path nodeDir = Path.of(config).getParent();
        Path networkRoot = nodeDir.getParent().getParent();
        Path root = tmp.resolve("host");
        Path net = root.resolve(networkRoot.toString().substring(1));
        assertEquals(0, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "network", "init", "--out", net.toString()));
        assertEquals(new NetworkLayout(networkRoot).nodeConfig("node2"), Path.of(config));
        NodeConfig c = NodeConfigCodec.load(root.resolve(config.substring(1)));
        assertEquals("node2", c.name());
        Path writable = root.resolve(unit.get("ReadWritePaths").replace("%i", "node2").substring(1));
        assertTrue(c.dataDir().startsWith(writable), c.dataDir() + " must be writable under the hardening");
        assertEquals(nodeDir.toString(), unit.get("WorkingDirectory").replace("%i", "node2"));
    }

    // ------------------------------------------------------------ the guides

    @Test
    void everyMeshledgerCommandInTheGuidesIsOneTheCliAccepts() throws Exception {
        int checked = 0;
        for (Path guide : List.of(CONFIG.resolve("DEPLOYMENT.md"), K8S.resolve("README.md"))) {
            for (String line : logicalLines(guide)) {
                if (!line.startsWith("bin/meshledger ")) {
                    continue;
                }
                String command = line.replaceAll("\\s+#.*$", "");
                List<String> args = List.of(command.substring("bin/meshledger ".length()).trim().split("\\s+"));
                try {
                    new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
                } catch (CommandLine.ParameterException e) {
                    throw new AssertionError(guide.getFileName() + ": `" + command + "`: " + e.getMessage(), e);
                }
                checked++;
            }
        }
        assertTrue(checked >= 6, "found only " + checked + " commands");
    }

    @Test
    void theGuidesNetworkInitLinesSucceed() throws Exception {
        for (Path guide : List.of(CONFIG.resolve("DEPLOYMENT.md"), K8S.resolve("README.md"))) {
            Path out = tmp.resolve(guide.getFileName().toString());
            Path net = runInit(commandLine(guide, "bin/meshledger network init"), out);
            assertTrue(Files.exists(net.resolve("genesis.json")), guide.toString());
        }
    }

    // ------------------------------------------------------------ helpers

    /** Runs the k8s README's network init line into a temporary directory and returns it. */
    private Path initFromK8sReadme() throws IOException {
        return runInit(commandLine(K8S.resolve("README.md"), "bin/meshledger network init"), tmp.resolve("k8s-net"));
    }

    /** Runs a {@code bin/meshledger network init} line in-process, its {@code --out} replaced by {@code out}. */
    private static Path runInit(String line, Path out) {
        List<String> args = new ArrayList<>(List.of(line.substring("bin/meshledger ".length()).trim().split("\\s+")));
        args.set(args.indexOf("--out") + 1, out.toString());
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args.toArray(String[]::new));
        assertEquals(0, code, line + ": " + err);
        return out;
    }

    /** The value of {@code --out} in the k8s README's network init line, e.g. {@code ./k8s-net}. */
    private static String readmeOut() throws IOException {
        List<String> args = List.of(commandLine(K8S.resolve("README.md"), "bin/meshledger network init").split("\\s+"));
        return args.get(args.indexOf("--out") + 1);
    }

    /** {@code KEY=PATH} of every {@code --from-file} in a kubectl line, PATH moved from the README's --out to {@code net}. */
    private static Map<String, Path> fromFiles(String kubectl, Path net) throws IOException {
        String out = readmeOut();
        Map<String, Path> files = new LinkedHashMap<>();
        Matcher m = Pattern.compile("--from-file=([^=\\s]+)=(\\S+)").matcher(kubectl);
        while (m.find()) {
            assertTrue(m.group(2).startsWith(out + "/"), m.group(2) + " is not from " + out);
            files.put(m.group(1), net.resolve(m.group(2).substring(out.length() + 1)));
        }
        assertFalse(files.isEmpty(), "no --from-file in " + kubectl);
        return files;
    }

    /** The object name a {@code kubectl create <kind>} line creates (the word after the kind). */
    private static String commandName(Path guide, String kind) throws IOException {
        String line = commandLine(guide, kind);
        return line.substring(line.indexOf(kind) + kind.length()).trim().split("\\s+")[0];
    }

    private static String secretItemKey(JsonNode volume, String path) {
        for (JsonNode item : volume.at("/secret/items")) {
            if (item.get("path").asText().equals(path)) {
                return item.get("key").asText();
            }
        }
        throw new AssertionError("the secret volume has no item at " + path);
    }

    private static String podHost(JsonNode sts, JsonNode service, int ordinal) {
        return sts.at("/metadata/name").asText() + "-" + ordinal + "." + service.at("/metadata/name").asText() + "."
                + sts.at("/metadata/namespace").asText() + ".svc.cluster.local";
    }

    private static Map<String, Integer> containerPorts(JsonNode sts) {
        Map<String, Integer> ports = new HashMap<>();
        for (JsonNode p : sts.at("/spec/template/spec/containers/0/ports")) {
            ports.put(p.get("name").asText(), p.get("containerPort").asInt());
        }
        return ports;
    }

    /**
     * The {@code --config} of the {@code node start} that a command line runs:
     * the words after {@code -jar <jar>} followed by {@code args}, parsed by the CLI.
     */
    private static String nodeStartConfig(List<String> command, List<String> args) {
        List<String> cli = new ArrayList<>(command.subList(command.indexOf("-jar") + 2, command.size()));
        cli.addAll(args);
        ParseResult parsed = new CommandLine(new Main()).parseArgs(cli.toArray(String[]::new));
        ParseResult node = parsed.subcommand();
        assertEquals("node", node.commandSpec().name(), cli.toString());
        ParseResult start = node.subcommand();
        assertEquals("start", start.commandSpec().name(), cli.toString());
        return start.matchedOptionValue("--config", (Path) null).toString();
    }

    private static List<String> jsonStrings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The first logical line (continuations joined) of {@code guide} that contains {@code text}. */
    private static String commandLine(Path guide, String text) throws IOException {
        return logicalLines(guide).stream().filter(l -> l.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError(guide + " has no line with '" + text + "'"));
    }

    /** Lines with shell continuations ({@code \} at the end) joined, stripped. */
    private static List<String> logicalLines(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            out.add(current.append(line).toString().strip());
            current.setLength(0);
        }
        return out;
    }

    /** The {@code key=value} settings of a unit file's {@code [Service]} section. */
    private static Map<String, String> systemdService(Path unit) throws IOException {
        Map<String, String> settings = new HashMap<>();
        boolean inService = false;
        for (String line : logicalLines(unit)) {
            if (line.startsWith("[")) {
                inService = line.equals("[Service]");
            } else if (inService && !line.isEmpty() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                settings.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return settings;
    }

    /** The instructions of {@code network-config/deploy/Dockerfile} this test relies on. */
    record Dockerfile(String from, List<String> copy, String user, String volume, Set<Integer> expose,
                      List<String> entrypoint, List<String> cmd) {
        static Dockerfile read() throws IOException {
            Map<String, String> instructions = new HashMap<>();
            for (String line : logicalLines(DEPLOY.resolve("Dockerfile"))) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int space = line.indexOf(' ');
                String instruction = line.substring(0, space);
                String previous = instructions.put(instruction, line.substring(space + 1).trim());
                assertTrue(previous == null || instruction.equals("RUN"), "one " + instruction + " expected");
            }
            return new Dockerfile(instructions.get("FROM"), List.of(instructions.get("COPY").split("\\s+")),
                    instructions.get("USER"), jsonArray(instructions.get("VOLUME")).get(0),
                    java.util.Arrays.stream(instructions.get("EXPOSE").split("\\s+")).map(Integer::valueOf)
                            .collect(Collectors.toSet()),
                    jsonArray(instructions.get("ENTRYPOINT")), jsonArray(instructions.get("CMD")));
        }

        private static List<String> jsonArray(String text) throws IOException {
            return jsonStrings(JSON.readTree(text));
        }
    }
}
