package io.meshledger.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshledger.client.LedgerClient;
import io.meshledger.proto.v1.StatusResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;

/** {@code meshledger status}: one line (or JSON object) per node. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each node's height, round, leader, connected peers and last certified digest.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--network", required = true, description = "Network directory.")
    Path network;

    @Option(names = "--json", description = "Print one JSON array of objects.")
    boolean json;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        LocalNetwork net = new LocalNetwork(network);
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode rows = mapper.createArrayNode();
        var out = spec.commandLine().getOut();
        if (!json) {
            out.printf("%-8s %-6s %8s %8s %-8s %5s %8s  %s%n", "NODE", "STATE", "HEIGHT", "ROUND", "LEADER", "PEERS",
                    "MEMPOOL", "CERTIFIED  STATE_ROOT");
        }
        for (String node : net.nodeNames()) {
            ObjectNode row = rows.addObject().put("node", node);
            try (LedgerClient c = net.clientFor(node, Duration.ofSeconds(2))) {
                StatusResponse s = c.statusOf(0);
                String root = HexFormat.of().formatHex(s.getStateRoot().toByteArray());
                long certified = s.hasLastCertificate()
                        ? io.meshledger.core.block.LedgerDigest.decode(s.getLastCertificate().getDigest().toByteArray()).height() : 0;
                row.put("up", true).put("height", s.getHeight()).put("round", s.getRound()).put("leader", s.getLeader())
                        .put("peers", s.getPeersConnected()).put("mempool", s.getMempoolSize())
                        .put("certified_height", certified).put("state_root", root).put("certifying", s.getCertifying())
                        .put("diverged_at", s.getDivergedAt());
                if (!json) {
                    out.printf("%-8s %-6s %8d %8d %-8s %5d %8d  %d %s%s%n", node, "up", s.getHeight(), s.getRound(),
                            s.getLeader(), s.getPeersConnected(), s.getMempoolSize(), certified,
                            root.isEmpty() ? "-" : root.substring(0, 16),
                            s.getCertifying() ? "" : "  DIVERGED at height " + s.getDivergedAt() + ": not certifying");
                }
            } catch (RuntimeException e) {
                row.put("up", false).put("height", -1).put("round", -1).put("peers", 0).put("state_root", "")
                        .put("error", String.valueOf(e.getMessage()));
                if (!json) {
                    out.printf("%-8s %-6s (%s)%n", node, "down", e.getMessage());
                }
            }
        }
        if (json) {
            out.println(mapper.writeValueAsString(rows));
        }
        return 0;
    }
}
