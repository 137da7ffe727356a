package io.meshledger.node.execution;

import io.meshledger.contracts.Caller;
import io.meshledger.contracts.ContractException;
import io.meshledger.core.Bytes;
import io.meshledger.core.tx.Sender;
import io.meshledger.node.TestNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BlockCallersTest {
    @TempDir
    Path dir;

    @Test
    void resolvesEachSenderOnceAndAsCallersDoes() {
        TestNetwork net = TestNetwork.create(dir, 2, 4);
        Callers callers = new Callers(net.genesis().membershipValidator(100));
        long now = net.genesis().genesisTimeMs() + 1_000;
        BlockCallers block = new BlockCallers(callers, now);
        Sender publisher = net.user("org1", "publisher").sender();
        Sender admin = net.user("org2", "admin").sender();

        Caller first = block.of(publisher);
        assertEquals(callers.of(publisher, now), first);
        assertSame(first, block.of(publisher), "resolved once per block");
        assertEquals(callers.of(admin, now), block.of(admin));
        assertNotEquals(first, block.of(admin));
    }

    @Test
    void refusesWhatCallersRefusesEveryTime() {
        TestNetwork net = TestNetwork.create(dir, 2, 4);
        BlockCallers block = new BlockCallers(new Callers(net.genesis().membershipValidator(100)),
                net.genesis().genesisTimeMs());
        Sender stranger = new Sender.Certificate(Bytes.wrap(new byte[] {1, 2, 3}));
        for (int i = 0; i < 2; i++) {
            assertEquals(Callers.UNKNOWN_IDENTITY, assertThrows(ContractException.class, () -> block.of(stranger)).code());
        }
        Sender keyId = new Sender.KeyId(Bytes.wrap(new byte[32]));
        assertEquals(Callers.UNKNOWN_IDENTITY, assertThrows(ContractException.class, () -> block.of(keyId)).code());
    }
}
