package io.meshledger.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshledger.client.LedgerClient;
import io.meshledger.core.block.LedgerDigest;
import io.meshledger.proto.v1.StatusResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code meshledger status}: a table with a row per node (or a JSON array with an object per node). */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each node's height, certified height, round, leader, connected peers, mempool, view"
                + " changes, uptime, version and state root; a node that does not answer is shown as down.")
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
        StatusTable table = new StatusTable();
        List<String> nodes = net.nodeNames();
        for (String node : nodes) {
            ObjectNode row = rows.addObject().put("node", node);
            try (LedgerClient c = net.clientFor(node, Duration.ofSeconds(2))) {
                StatusResponse s = c.statusOf(0);
                String root = HexFormat.of().formatHex(s.getStateRoot().toByteArray());
                long certified = s.hasLastCertificate()
                        ? LedgerDigest.decode(s.getLastCertificate().getDigest().toByteArray()).height() : 0;
                row.put("up", true).put("height", s.getHeight()).put("round", s.getRound()).put("leader", s.getLeader())
                        .put("peers", s.getPeersConnected()).put("mempool", s.getMempoolSize())
                        .put("certified_height", certified).put("state_root", root).put("certifying", s.getCertifying())
                        .put("diverged_at", s.getDivergedAt()).put("view_changes", s.getViewChanges())
                        .put("uptime_seconds", s.getUptimeSeconds()).put("version", s.getVersion())
                        .put("committed_transactions", s.getCommittedTransactions());
                table.up(new StatusTable.Up(node, s.getHeight(), certified, s.getRound(), s.getLeader(),
                        s.getPeersConnected(), nodes.size() - 1, s.getMempoolSize(), s.getViewChanges(),
                        s.getUptimeSeconds(), s.getVersion(), root, s.getCertifying(), s.getDivergedAt()));
            } catch (RuntimeException e) {
                String reason = String.valueOf(LedgerClient.describe(e) != null ? LedgerClient.describe(e)
                        : e.getMessage());
                row.put("up", false).put("height", -1).put("round", -1).put("peers", 0).put("state_root", "")
                        .put("error", reason);
                table.down(node, reason);
            }
        }
        var out = spec.commandLine().getOut();
        out.print(json ? mapper.writeValueAsString(rows) + "\n" : table.render());
        out.flush();
        return 0;
    }
}
