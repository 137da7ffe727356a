package io.meshledger.node.execution.sandbox;

import io.meshledger.node.execution.ContractCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BytecodeVerifierTest {
    private final BytecodeVerifier verifier = new BytecodeVerifier();

    @Test
    void aCounterUsingStateEventsLambdasAndConcatenationIsAccepted() {
        VerificationResult result = verifier.verify(ContractCompiler.jar("good.Counter", Contracts.COUNTER));
        assertTrue(result.accepted(), result.describe());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Clock      | return new byte[] {(byte) System.currentTimeMillis()};              | evil.Clock.invoke calls java/lang/System.currentTimeMillis()J: clocks are not deterministic
            Nano       | return new byte[] {(byte) System.nanoTime()};                       | evil.Nano.invoke calls java/lang/System.nanoTime()J: clocks are not deterministic
            Now        | return java.time.Instant.now().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8); | evil.Now.invoke calls java/time/Instant.now()Ljava/time/Instant;: clocks are not deterministic
            Dice       | return new byte[] {(byte) new Random().nextInt()};                  | evil.Dice.invoke calls java/util/Random.<init>()V: randomness is not deterministic
            MathDice   | return new byte[] {(byte) (Math.random() * 10)};                    | evil.MathDice.invoke calls java/lang/Math.random()D: randomness is not deterministic
            Uuid       | return UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8); | evil.Uuid.invoke calls java/util/UUID.randomUUID()Ljava/util/UUID;: randomness is not deterministic
            Spawner    | new Thread(() -> {}).start(); return new byte[0];                   | evil.Spawner.invoke calls java/lang/Thread.<init>(Ljava/lang/Runnable;)V: threads are not deterministic
            Files      | return new byte[] {(byte) new java.io.File("/etc/passwd").length()}; | evil.Files.invoke calls java/io/File.<init>(Ljava/lang/String;)V: I/O is not allowed
            Reflector  | try { Class.forName("java.lang.Runtime"); } catch (Exception e) { } return new byte[0]; | evil.Reflector.invoke calls java/lang/Class.forName(Ljava/lang/String;)Ljava/lang/Class;: class loading and reflection are not allowed
            Introspect | return new byte[] {(byte) getClass().getDeclaredMethods().length};   | evil.Introspect.invoke calls java/lang/Class.getDeclaredMethods()[Ljava/lang/reflect/Method;: reflection is not allowed
            Locker     | synchronized (this) { return new byte[0]; }                         | evil.Locker.invoke uses a synchronized block: threads and monitors are not deterministic
            Swallower  | try { return new byte[0]; } catch (Throwable t) { return new byte[1]; } | evil.Swallower.invoke catches java/lang/Throwable: catching Throwable or Error could swallow running out of gas
            Exiter     | System.exit(1); return new byte[0];                                 | evil.Exiter.invoke calls java/lang/System.exit(I)V: a contract may not stop the node
            Env        | return System.getenv("HOME").getBytes(java.nio.charset.StandardCharsets.UTF_8); | evil.Env.invoke calls java/lang/System.getenv(Ljava/lang/String;)Ljava/lang/String;: the node's environment is off limits
            Identity   | return new byte[] {(byte) System.identityHashCode(this)};           | evil.Identity.invoke calls java/lang/System.identityHashCode(Ljava/lang/Object;)I: may reveal an identity hash, which differs between nodes
            ObjHash    | return new byte[] {(byte) new Object().hashCode()};                 | evil.ObjHash.invoke calls java/lang/Object.hashCode()I: may reveal an identity hash, which differs between nodes
            OwnHash    | return new byte[] {(byte) hashCode()};                              | evil.OwnHash.invoke calls java/lang/Object.hashCode()I: may reveal an identity hash, which differs between nodes
            ValueOf    | return ("" + new Object()).getBytes(java.nio.charset.StandardCharsets.UTF_8); | evil.ValueOf.invoke calls java/lang/String.valueOf(Ljava/lang/Object;)Ljava/lang/String;: may reveal an identity hash, which differs between nodes
            Hashed     | return new byte[] {(byte) new HashMap<String, String>().size()};    | evil.Hashed.invoke calls java/util/HashMap.<init>()V: iteration order follows hashes; use TreeMap or LinkedHashMap
            Salted     | return new byte[] {(byte) Map.of("a", 1, "b", 2).size()};           | evil.Salted.invoke calls java/util/Map.of(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Ljava/util/Map;: Map.of iterates in an order salted per JVM start; use TreeMap or LinkedHashMap
            Printer    | Object o = new Object(); return ("x" + o).getBytes(java.nio.charset.StandardCharsets.UTF_8); | evil.Printer.invoke calls java/lang/String.valueOf(Ljava/lang/Object;)Ljava/lang/String;: may reveal an identity hash, which differs between nodes
            ArrayText  | int[] a = new int[1]; return ("x" + a).getBytes(java.nio.charset.StandardCharsets.UTF_8); | evil.ArrayText.invoke
            Sine       | return new byte[] {(byte) Math.sin(1.0)};                           | evil.Sine.invoke calls java/lang/Math.sin(D)D: Math's transcendental functions may differ between CPUs; use StrictMath
            Lower      | return "A".toLowerCase().getBytes(java.nio.charset.StandardCharsets.UTF_8); | evil.Lower.invoke calls java/lang/String.toLowerCase()Ljava/lang/String;: depends on the node's default locale
            Handle     | java.util.function.LongSupplier s = System::currentTimeMillis; return new byte[] {(byte) s.getAsLong()}; | evil.Handle.invoke refers to java/lang/System.currentTimeMillis()J: clocks are not deterministic
            Waiter     | try { wait(); } catch (InterruptedException e) { } return new byte[0]; | evil.Waiter.invoke calls java/lang/Object.wait()V: threads and monitors are not deterministic
            """)
    void aContractReachingOutsideTheAllowListIsRejectedNamingTheReference(String name, String body, String expected) {
        VerificationResult result = verifier.verify(Contracts.jar(name, body));
        assertFalse(result.accepted());
        assertTrue(result.describe().contains(expected), "expected '" + expected + "' in:\n" + result.describe());
    }

    @Test
    void nativeSynchronizedAndFinalizingMethodsAreRejected() {
        byte[] jar = Contracts.jar("Flags", "return new byte[0];", """
                public native int secret();
                public synchronized void locked() { }
                @SuppressWarnings("removal") protected void finalize() { }
                """);
        String described = verifier.verify(jar).describe();
        assertTrue(described.contains("evil.Flags.secret is native: native code is not allowed"), described);
        assertTrue(described.contains("evil.Flags.locked is synchronized"), described);
        assertTrue(described.contains("evil.Flags.finalize overrides finalize()"), described);
    }

    @Test
    void aStaticFieldWrittenOutsideItsInitialiserIsRejected() {
        byte[] jar = Contracts.jar("Leaky", "calls++; return new byte[0];", "static int calls;");
        assertTrue(verifier.verify(jar).describe().contains(
                "evil.Leaky.invoke writes evil/Leaky.calls: static fields may only be set"));
    }

    @Test
    void aContractNamingANodeClassIsRejected() {
        byte[] jar = ContractCompiler.jarAgainstNode("evil.Linker", Contracts.source("Linker",
                "return new byte[] {(byte) io.meshledger.node.Node.class.getName().length()};", ""));
        String described = verifier.verify(jar).describe();
        assertTrue(described.contains("loads class constant io/meshledger/node/Node: not on the allow-list"), described);
    }

    @Test
    void everyViolationIsListedNotJustTheFirst() {
        VerificationResult result = verifier.verify(Contracts.jar("Many",
                "long t = System.currentTimeMillis(); new Random(); return new byte[] {(byte) t};"));
        assertTrue(result.violations().size() >= 2, result.describe());
    }

    @Test
    void catchingExceptionsAndFinallyAreAllowed() {
        VerificationResult result = verifier.verify(Contracts.jar("Careful", """
                try { return Integer.toString(Integer.parseInt("12")).getBytes(java.nio.charset.StandardCharsets.UTF_8); }
                catch (NumberFormatException e) { return new byte[0]; }
                finally { ctx.height(); }
                """));
        assertTrue(result.accepted(), result.describe());
    }

    @Test
    void aJarWithoutTheEntryClassAttributeIsRejected() {
        Map<String, byte[]> classes = ContractCompiler.compile(false, Contracts.source("Fine", "return new byte[0];", ""));
        byte[] jar = ContractCompiler.pack("evil.Missing", classes);
        VerificationResult result = verifier.verify(jar);
        assertEquals("bundle: the entry class evil.Missing named by the manifest is not in the JAR", result.describe());
        assertFalse(verifier.verify("not a jar".getBytes(StandardCharsets.UTF_8)).accepted());
    }

    @Test
    void theEntryClassMustImplementContract() {
        byte[] jar = ContractCompiler.jar("evil.Plain", "package evil; public class Plain { }");
        assertTrue(verifier.verify(jar).describe().contains("must implement io.meshledger.contracts.Contract"));
    }
}
