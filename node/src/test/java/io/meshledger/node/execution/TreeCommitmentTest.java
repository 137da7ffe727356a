package io.meshledger.node.execution;

import io.meshledger.core.block.Block;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.storage.BlockEffects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The tree nodes an execution created are reused by the next block only if the
 * store committed that execution: a block executed but never stored (an append
 * that failed, a height executed again with another block) must not leak into
 * the roots that follow.
 */
class TreeCommitmentTest {
    @TempDir
    Path dir;

    @Test
    void anExecutionTheStoreDidNotCommitLeavesNoTraceInLaterRoots() {
        TestNetwork net = TestNetwork.create(dir.resolve("net"), 2, 4);
        TestNetwork.User user = net.user("org1", "publisher");
        try (ExecutionFixture fx = new ExecutionFixture(net, dir.resolve("a"), ExecutionLimits.DEFAULT);
             ExecutionFixture reference = new ExecutionFixture(net, dir.resolve("b"), ExecutionLimits.DEFAULT)) {
            List<List<SignedTransaction>> committed = new ArrayList<>();
            committed.add(List.of(fx.tx(user, "counter", "inc", new byte[0])));
            committed.add(List.of(fx.tx(user, "counter", "inc", new byte[0])));
            fx.commit(committed.get(0));
            fx.commit(committed.get(1));

            Block abandoned = fx.next(List.of(fx.tx(user, "counter", "inc", new byte[0]),
                    fx.tx(user, "counter", "inc", new byte[0])));
            Hash abandonedRoot = fx.executor.execute(abandoned).stateRoot();
            committed.add(List.of(fx.tx(user, "counter", "delete", new byte[0])));
            Block stored = fx.next(committed.get(2));
            BlockEffects storedEffects = fx.executor.execute(stored);
            assertNotEquals(abandonedRoot, storedEffects.stateRoot());
            // The same block executed twice, as after an append that failed: the second execution's nodes count.
            fx.executor.execute(stored);
            fx.store.append(stored, storedEffects, null, null);
            committed.add(List.of(fx.tx(user, "counter", "inc", new byte[0])));
            committed.add(List.of(fx.tx(user, "counter", "inc", new byte[0])));
            List<Hash> roots = List.of(fx.commit(committed.get(3)).stateRoot(), fx.commit(committed.get(4)).stateRoot());

            assertEquals(roots, referenceRoots(reference, committed));
        }
    }

    @Test
    void aBlockThatAnotherExecutorStoredAtTheSameHeightReplacesTheOneThisExecutorRan() {
        TestNetwork net = TestNetwork.create(dir.resolve("net"), 2, 4);
        TestNetwork.User user = net.user("org1", "publisher");
        try (ExecutionFixture fx = new ExecutionFixture(net, dir.resolve("a"), ExecutionLimits.DEFAULT);
             ExecutionFixture reference = new ExecutionFixture(net, dir.resolve("b"), ExecutionLimits.DEFAULT)) {
            List<List<SignedTransaction>> committed = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                committed.add(List.of(fx.tx(user, "counter", "inc", new byte[0])));
                fx.commit(committed.getLast());
            }
            fx.executor.execute(fx.next(List.of(fx.tx(user, "counter", "inc", new byte[0]))));
            committed.add(List.of(fx.tx(user, "counter", "delete", new byte[0])));
            Block stored = fx.next(committed.getLast());
            fx.store.append(stored, fx.anotherExecutor().execute(stored), null, null);
            committed.add(List.of(fx.tx(user, "counter", "inc", new byte[0])));
            committed.add(List.of(fx.tx(user, "counter", "inc", new byte[0])));
            List<Hash> roots = List.of(fx.commit(committed.get(3)).stateRoot(), fx.commit(committed.get(4)).stateRoot());

            assertEquals(roots, referenceRoots(reference, committed));
        }
    }

    /** The roots of the last two of five blocks, executed by a fresh executor over a store of its own. */
    private static List<Hash> referenceRoots(ExecutionFixture reference, List<List<SignedTransaction>> blocks) {
        for (int i = 0; i < 3; i++) {
            reference.commit(blocks.get(i));
        }
        return List.of(reference.commit(blocks.get(3)).stateRoot(), reference.commit(blocks.get(4)).stateRoot());
    }
}
