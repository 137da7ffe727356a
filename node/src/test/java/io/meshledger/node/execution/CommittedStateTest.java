package io.meshledger.node.execution;

import io.meshledger.node.TestNetwork;
import io.meshledger.node.storage.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CommittedStateTest {
    @TempDir
    Path dir;

    @Test
    void readsEachKeyFromTheStoreOnceAndHandsOutCopies() {
        TestNetwork net = TestNetwork.create(dir.resolve("net"), 2, 4);
        try (ExecutionFixture fx = new ExecutionFixture(net, dir.resolve("db"), ExecutionLimits.DEFAULT)) {
            fx.commit(List.of(fx.tx(net.user("org1", "publisher"), "counter", "inc", new byte[0])));
            AtomicInteger reads = new AtomicInteger();
            CommittedState state = new CommittedState(counting(fx.store, reads), 1);

            byte[] first = state.get("counter", CounterContract.KEY).orElseThrow();
            assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}, first);
            first[7] = 42;
            byte[] key = CounterContract.KEY.clone();
            assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}, state.get("counter", key).orElseThrow(),
                    "a caller changing its copy changes nothing");
            key[0] = 'x';
            assertEquals(Optional.empty(), state.get("counter", key));
            assertEquals(Optional.empty(), state.get("counter", "x".getBytes()));
            assertEquals(2, reads.get(), "one store read per key, absent keys included");
        }
    }

    private static StateStore counting(StateStore store, AtomicInteger reads) {
        return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("stateValue")) {
                        reads.incrementAndGet();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
