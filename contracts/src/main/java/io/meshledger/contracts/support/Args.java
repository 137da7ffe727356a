package io.meshledger.contracts.support;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.meshledger.contracts.ContractException;
import io.meshledger.contracts.FailureCodes;

/** Decodes a method's argument bytes; undecodable bytes fail the call with {@code INVALID_ARGUMENT}. */
public final class Args {
    private Args() {
    }

    /**
     * Parses {@code args} with {@code parser}. Protobuf's parser also refuses
     * malformed UTF-8 in string fields, so every string reaching a contract is valid text.
     */
    public static <T> T decode(Parser<T> parser, byte[] args) {
        try {
            return parser.parseFrom(args == null ? new byte[0] : args);
        } catch (InvalidProtocolBufferException e) {
            throw new ContractException(FailureCodes.INVALID_ARGUMENT, "undecodable arguments: " + e.getMessage());
        }
    }
}
