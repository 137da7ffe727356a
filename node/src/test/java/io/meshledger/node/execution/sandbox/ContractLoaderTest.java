package io.meshledger.node.execution.sandbox;

import io.meshledger.contracts.Caller;
import io.meshledger.contracts.ContractException;
import io.meshledger.contracts.FailureCodes;
import io.meshledger.node.execution.ContractCompiler;
import io.meshledger.node.execution.FakeContext;
import io.meshledger.node.execution.InMemoryState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loads compiled contracts, runs them under meters, and checks that failures and gas are the same every run. */
class ContractLoaderTest {
    private static final Caller ALICE = new Caller("ab12", "org1", "alice", false);
    private static final long LIMIT = 2_000_000;
    private static final int RUNS = 4;

    private final ContractLoader loader = new ContractLoader();

    @Test
    void aCounterWorksAndUsesTheSameGasOnEveryRunInFreshLoaders() {
        byte[] jar = ContractCompiler.jar("good.Counter", Contracts.COUNTER);
        Set<Long> gas = new TreeSet<>();
        for (int run = 0; run < RUNS; run++) {
            LoadedContract counter = loader.load("counter", jar);
            InMemoryState state = new InMemoryState();
            FakeContext context = new FakeContext(ALICE, 7, state);
            GasMeter meter = new GasMeter(LIMIT);
            counter.invoke(context, "increment", new byte[0], meter);
            byte[] second = counter.invoke(context, "increment", new byte[0], meter);
            assertArrayEquals(new byte[]{0, 0, 0, 0, 0, 0, 0, 2}, second);
            assertEquals(List.of("Incremented", "Incremented"), context.eventTypes());
            assertTrue(meter.used() > 0 && meter.failure().isEmpty(), meter.toString());
            gas.add(meter.used());
        }
        assertEquals(1, gas.size(), "gas differed between runs: " + gas);
    }

    @Test
    void aContractMethodThatThrowsContractExceptionFailsWithItsCode() {
        LoadedContract counter = loader.load("counter", ContractCompiler.jar("good.Counter", Contracts.COUNTER));
        ContractException e = assertThrows(ContractException.class, () -> counter.invoke(
                new FakeContext(ALICE, 1, new InMemoryState()), "nope", new byte[0], new GasMeter(LIMIT)));
        assertEquals(FailureCodes.UNKNOWN_METHOD, e.code());
    }

    @Test
    void anInfiniteLoopRunsOutOfGasAtTheLimit() {
        assertFailsTheSameEveryRun(Contracts.jar("Spin", "long i = 0; while (true) { i++; }"),
                FailureCodes.OUT_OF_GAS, true);
    }

    @Test
    void catchingExceptionsAroundALoopDoesNotEscapeTheMeter() {
        assertFailsTheSameEveryRun(Contracts.jar("Stubborn", """
                while (true) {
                    try { while (true) { ctx.height(); } }
                    catch (RuntimeException e) { }
                    catch (Exception e) { }
                }
                """), FailureCodes.OUT_OF_GAS, true);
    }

    @Test
    void aFinallyThatSwallowsTheUnwindingCannotOutliveTheMeter() {
        assertFailsTheSameEveryRun(Contracts.jar("Finally", """
                int rounds = 0;
                while (rounds < 1_000_000_000) {
                    try { while (true) { rounds++; } }
                    finally { if (rounds > 0) { continue; } }
                }
                return new byte[0];
                """), FailureCodes.OUT_OF_GAS, true);
    }

    @Test
    void unboundedRecursionFailsWithCallDepthExceededNotStackOverflow() {
        assertFailsTheSameEveryRun(Contracts.jar("Deep", "return new byte[] {(byte) down(0)};",
                "static int down(int n) { return down(n + 1) + 1; }"), FailureCodes.CALL_DEPTH_EXCEEDED, false);
    }

    @Test
    void recursionThatCatchesItsOwnFailureStillFailsWithCallDepthExceeded() {
        assertFailsTheSameEveryRun(Contracts.jar("DeepCatch", "return new byte[] {(byte) down(0)};",
                "static int down(int n) { try { return down(n + 1) + 1; } catch (RuntimeException e) { return 0; } }"),
                FailureCodes.CALL_DEPTH_EXCEEDED, false);
    }

    @Test
    void aHugeArrayRunsOutOfGasBeforeTheJvmAllocatesIt() {
        assertFailsTheSameEveryRun(Contracts.jar("Hoard", "long[] a = new long[Integer.MAX_VALUE - 8]; return new byte[a.length];"),
                FailureCodes.OUT_OF_GAS, true);
        assertFailsTheSameEveryRun(Contracts.jar("Cube", "long[][][] a = new long[4096][4096][4096]; return new byte[0];"),
                FailureCodes.OUT_OF_GAS, true);
    }

    @Test
    void doublingAStringOrAListRunsOutOfGasBeforeMemory() {
        assertFailsTheSameEveryRun(Contracts.jar("Doubler", """
                String s = "x";
                for (int i = 0; i < 40; i++) { s = s + s; }
                return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                """), FailureCodes.OUT_OF_GAS, true);
        assertFailsTheSameEveryRun(Contracts.jar("ListDoubler", """
                List<Integer> l = new ArrayList<>(List.of(1));
                for (int i = 0; i < 40; i++) { l.addAll(l); }
                return new byte[l.size()];
                """), FailureCodes.OUT_OF_GAS, true);
    }

    @Test
    void aConstructorRunsMeteredOnEveryInvocationSoFieldsCarryNothing() {
        byte[] jar = Contracts.jar("Fields", "calls++; return new byte[] {(byte) calls};", "private int calls;");
        LoadedContract contract = loader.load("fields", jar);
        FakeContext context = new FakeContext(ALICE, 1, new InMemoryState());
        assertArrayEquals(new byte[]{1}, contract.invoke(context, "x", new byte[0], new GasMeter(LIMIT)));
        assertArrayEquals(new byte[]{1}, contract.invoke(context, "x", new byte[0], new GasMeter(LIMIT)));
    }

    @Test
    void aRuntimeExceptionFromTheJdkFailsWithContractErrorNamingOnlyItsClass() {
        LoadedContract contract = loader.load("npe", Contracts.jar("Npe", "String s = null; return new byte[s.length()];"));
        ContractException e = assertThrows(ContractException.class, () -> contract.invoke(
                new FakeContext(ALICE, 1, new InMemoryState()), "x", new byte[0], new GasMeter(LIMIT)));
        assertEquals(FailureCodes.CONTRACT_ERROR, e.code());
        assertEquals("npe failed: java.lang.NullPointerException", e.getMessage());
    }

    @Test
    void loadingRejectedBytecodeFailsWithContractRejected() {
        ContractException e = assertThrows(ContractException.class,
                () -> loader.load("clock", Contracts.jar("Clock", "return new byte[] {(byte) System.nanoTime()};")));
        assertEquals(FailureCodes.CONTRACT_REJECTED, e.code());
        assertTrue(e.getMessage().contains("java/lang/System.nanoTime()J"), e.getMessage());
    }

    @Test
    void enumsSwitchesAndStaticInitialisersWork() {
        byte[] jar = ContractCompiler.jar("good.Colours", """
                package good;
                import io.meshledger.contracts.*;
                import java.util.*;
                public final class Colours implements Contract {
                    enum Colour { RED, GREEN }
                    private static final List<String> NAMES = List.of("r", "g");
                    public byte[] invoke(ContractContext ctx, String method, byte[] args) {
                        Colour c = Colour.valueOf(method);
                        int code = switch (c) { case RED -> 1; case GREEN -> 2; };
                        return new byte[] {(byte) code, (byte) NAMES.get(c.ordinal()).charAt(0)};
                    }
                }
                """);
        LoadedContract contract = loader.load("colours", jar);
        byte[] result = contract.invoke(new FakeContext(ALICE, 1, new InMemoryState()), "GREEN", new byte[0],
                new GasMeter(LIMIT));
        assertArrayEquals(new byte[]{2, 'g'}, result);
    }

    private void assertFailsTheSameEveryRun(byte[] jar, String code, boolean usesWholeLimit) {
        List<Long> gas = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            LoadedContract contract = loader.load("evil", jar);
            GasMeter meter = new GasMeter(LIMIT);
            ContractException e = assertThrows(ContractException.class, () -> contract.invoke(
                    new FakeContext(ALICE, 1, new InMemoryState()), "run", new byte[0], meter));
            assertEquals(code, e.code(), e.getMessage());
            assertEquals(code, meter.failure().orElseThrow());
            gas.add(meter.used());
        }
        assertEquals(1, new TreeSet<>(gas).size(), "gas differed between runs: " + gas);
        if (usesWholeLimit) {
            assertEquals(LIMIT, gas.getFirst());
        } else {
            assertTrue(gas.getFirst() < LIMIT, "gas " + gas);
        }
    }
}
