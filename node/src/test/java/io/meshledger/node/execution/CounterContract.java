package io.meshledger.node.execution;

import io.meshledger.contracts.Contract;
import io.meshledger.contracts.ContractContext;
import io.meshledger.contracts.ContractException;
import io.meshledger.contracts.FailureCodes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A small real contract exercising every part of the context; trusted (runs as a system contract). */
final class CounterContract implements Contract {
    static final byte[] KEY = "n".getBytes(StandardCharsets.UTF_8);

    @Override
    public byte[] invoke(ContractContext context, String method, byte[] args) {
        return switch (method) {
            case "inc" -> {
                long n = read(context) + 1;
                context.state().put(KEY, ByteBuffer.allocate(8).putLong(n).array());
                context.emit("Incremented", KEY, ByteBuffer.allocate(8).putLong(n).array());
                yield ByteBuffer.allocate(8).putLong(n).array();
            }
            case "get" -> ByteBuffer.allocate(8).putLong(read(context)).array();
            case "inc_then_fail" -> {
                context.state().put(KEY, new byte[8]);
                context.emit("Lost", KEY, new byte[0]);
                throw new ContractException("NOPE", "failed after writing");
            }
            case "throw" -> throw new IllegalStateException("a bug with a message that must not reach receipts");
            case "spin" -> {
                while (true) {
                    context.state().get(KEY);
                }
            }
            case "whoami" -> (context.caller().qualifiedName() + (context.caller().admin() ? " admin" : ""))
                    .getBytes(StandardCharsets.UTF_8);
            case "call_get" -> context.call("counter", "get", new byte[0]);
            case "call_inc" -> context.call("counter", "inc", new byte[0]);
            case "recurse" -> context.call("counter", "recurse", new byte[0]);
            case "delete" -> {
                context.state().delete(KEY);
                yield new byte[0];
            }
            // Any key: the arguments are the key, and its value too.
            case "put_key" -> {
                context.state().put(args, args);
                yield new byte[0];
            }
            case "delete_key" -> {
                context.state().delete(args);
                yield new byte[0];
            }
            default -> throw new ContractException(FailureCodes.UNKNOWN_METHOD, method);
        };
    }

    private static long read(ContractContext context) {
        return context.state().get(KEY).map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
    }
}
