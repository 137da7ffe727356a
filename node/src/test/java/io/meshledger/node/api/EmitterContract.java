package io.meshledger.node.api;

import io.meshledger.contracts.Contract;
import io.meshledger.contracts.ContractContext;

import java.nio.charset.StandardCharsets;

/**
 * A test contract whose {@code emit} method emits {@code args[0]} events of type
 * {@code Tick}, keyed {@code k/<i>}, each with {@code args[1]} KiB of data: one
 * transaction with many events, to put cursors in the middle of a transaction.
 */
final class EmitterContract implements Contract {
    static final String NAME = "emitter";

    @Override
    public byte[] invoke(ContractContext context, String method, byte[] args) {
        int count = args[0];
        byte[] data = new byte[args[1] * 1024];
        for (int i = 0; i < count; i++) {
            context.emit("Tick", ("k/" + i).getBytes(StandardCharsets.UTF_8), data);
        }
        return new byte[0];
    }
}
