package io.meshledger.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.meshledger.client.LedgerClient;
import io.meshledger.core.receipt.Receipt;

import java.io.PrintWriter;
import java.util.function.Function;

/**
 * Submits one contract call for a command and reports it: the committed
 * transaction and the method's result, as a sentence or as JSON; a failed
 * receipt becomes the command's error.
 */
final class Committing {
    private Committing() {
    }

    /**
     * Submits a call whose arguments and result are raw bytes (user contracts);
     * prints the result as text when it is UTF-8, else as hex.
     */
    static void submitRaw(ClientSession session, PrintWriter out, String contract, String method, byte[] args) {
        ClientSession.Committed c;
        try (LedgerClient client = session.client()) {
            c = session.submit(client, contract, method, args);
        }
        Receipt r = c.receipt();
        if (!r.succeeded()) {
            throw new TransactionFailedException(c.txId().toHex(), c.height(), r.failureCode(), r.failureMessage());
        }
        ObjectNode json = MessageJson.mapper().createObjectNode().put("tx_id", c.txId().toHex())
                .put("height", c.height()).put("gas_used", r.gasUsed())
                .put("result_hex", r.result().toHex());
        if (session.json) {
            out.println(json);
        } else {
            out.println(contract + "." + method + " returned " + r.result().length() + " bytes (hex "
                    + r.result().toHex() + "), used " + r.gasUsed() + " gas: transaction " + c.txId().toHex()
                    + " committed at height " + c.height() + ".");
        }
    }

    /**
     * @param describe says in words what the result means, e.g. "published record r1 version 3"
     */
    static <T extends Message> T submit(ClientSession session, PrintWriter out, String contract, String method,
                                        Message args, Parser<T> resultParser, Function<T, String> describe) {
        ClientSession.Committed c;
        try (LedgerClient client = session.client()) {
            c = session.submit(client, contract, method, args.toByteArray());
        }
        Receipt r = c.receipt();
        if (!r.succeeded()) {
            throw new TransactionFailedException(c.txId().toHex(), c.height(), r.failureCode(), r.failureMessage());
        }
        T result;
        try {
            result = resultParser.parseFrom(r.result().unsafeArray());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(contract + "." + method + " returned a result that does not decode", e);
        }
        if (session.json) {
            ObjectNode json = MessageJson.mapper().createObjectNode().put("tx_id", c.txId().toHex())
                    .put("height", c.height()).put("gas_used", r.gasUsed());
            json.set("result", MessageJson.of(result));
            out.println(json);
        } else {
            out.println(describe.apply(result) + ": transaction " + c.txId().toHex() + " committed at height "
                    + c.height() + ".");
        }
        return result;
    }
}
