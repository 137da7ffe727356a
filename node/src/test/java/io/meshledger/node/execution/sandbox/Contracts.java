package io.meshledger.node.execution.sandbox;

import io.meshledger.node.execution.ContractCompiler;

/** Test contracts: source text for a contract whose {@code invoke} has the given body. */
final class Contracts {
    private Contracts() {
    }

    /** A JAR of {@code evil.<name>} whose invoke runs {@code body}, with {@code members} added to the class. */
    static byte[] jar(String name, String body, String members) {
        return ContractCompiler.jar("evil." + name, source(name, body, members));
    }

    static byte[] jar(String name, String body) {
        return jar(name, body, "");
    }

    static String source(String name, String body, String members) {
        return """
                package evil;
                import io.meshledger.contracts.*;
                import java.util.*;
                public class %s implements Contract {
                    public byte[] invoke(ContractContext ctx, String method, byte[] args) {
                        %s
                    }
                    %s
                }
                """.formatted(name, body, members);
    }

    /** A counter: reads, increments and writes a state key, emits an event, and uses lambdas, concat and a TreeMap. */
    static final String COUNTER = """
            package good;
            import io.meshledger.contracts.*;
            import java.nio.charset.StandardCharsets;
            import java.util.*;
            public final class Counter implements Contract {
                private static final byte[] KEY = "count".getBytes(StandardCharsets.UTF_8);
                public byte[] invoke(ContractContext ctx, String method, byte[] args) {
                    switch (method) {
                        case "increment": {
                            long next = ctx.state().get(KEY).map(Counter::decode).orElse(0L) + 1;
                            ctx.state().put(KEY, encode(next));
                            TreeMap<String, Integer> words = new TreeMap<>();
                            for (String w : List.of("b", "a", "c", "a")) {
                                words.merge(w, 1, Integer::sum);
                            }
                            String summary = "count=" + next + " by " + ctx.caller().org() + " " + words.firstKey();
                            ctx.emit("Incremented", KEY, summary.getBytes(StandardCharsets.UTF_8));
                            return encode(next);
                        }
                        case "get":
                            return ctx.state().get(KEY).orElse(new byte[8]);
                        default:
                            throw new ContractException(FailureCodes.UNKNOWN_METHOD, "no method " + method);
                    }
                }
                static byte[] encode(long v) {
                    byte[] out = new byte[8];
                    for (int i = 7; i >= 0; i--) { out[i] = (byte) v; v >>>= 8; }
                    return out;
                }
                static long decode(byte[] b) {
                    long v = 0;
                    for (byte x : b) { v = (v << 8) | (x & 0xff); }
                    return v;
                }
            }
            """;
}
