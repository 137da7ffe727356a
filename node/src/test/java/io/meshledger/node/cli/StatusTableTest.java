package io.meshledger.node.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusTableTest {
    @Test
    void aRowPerNodeWithADownNodeShownAsDownAndADivergedOneNamed() {
        StatusTable table = new StatusTable();
        table.up(new StatusTable.Up("node1", 1204, 1202, 1377, "node2", 3, 3, 17, 4, 3_725, "0.1.0-SNAPSHOT",
                "3fa2c0d1e4b5a6f70011223344556677", true, 0));
        table.down("node2", "UNAVAILABLE: io exception");
        table.up(new StatusTable.Up("node3", 98, 97, 1377, "node2", 2, 3, 0, 12, 59, "development", "", false, 97));
        assertEquals(List.of(
                "NODE   STATE     HEIGHT  CERTIFIED  ROUND  LEADER  PEERS  MEMPOOL  VIEW_CHANGES  UPTIME  VERSION"
                        + "         STATE_ROOT",
                "node1  up          1204       1202   1377  node2   3/3         17             4  1h02m   0.1.0-SNAPSHOT"
                        + "  3fa2c0d1e4b5a6f7",
                "node2  down           -          -      -  -       -            -             -  -       -"
                        + "               (UNAVAILABLE: io exception)",
                "node3  DIVERGED      98         97   1377  node2   2/3          0            12  59s     development"
                        + "     -",
                "node3: DIVERGED at height 97: its state differs from the quorum's; it no longer certifies (audit its"
                        + " data directory)"), table.render().lines().toList());
    }

    @Test
    void uptimeReadsInTheTwoLargestUnits() {
        assertEquals("45s", StatusTable.uptime(45));
        assertEquals("12m05s", StatusTable.uptime(725));
        assertEquals("3h02m", StatusTable.uptime(3 * 3_600 + 125));
        assertEquals("2d04h", StatusTable.uptime(2 * 86_400 + 4 * 3_600 + 59));
    }
}
