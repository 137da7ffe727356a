package io.meshledger.node.execution.governance;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshledger.contracts.StateView;
import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.Hash;
import io.meshledger.proto.v1.DeployedContract;

import java.util.Optional;

/** Reads which user contracts are active, from the governance contract's state namespace. */
public final class DeployedContracts {
    private DeployedContracts() {
    }

    /**
     * The active code of {@code name}, or empty if no deployment of it has been enacted.
     *
     * @param governanceState the {@code governance} contract's namespace, at the height being executed
     */
    public static Optional<DeployedCode> active(StateView governanceState, String name) {
        return record(governanceState, name).map(r -> new DeployedCode(r.getName(), r.getVersion(),
                Hash.of(r.getCodeHash().toByteArray()), Bytes.wrap(r.getJar().toByteArray())));
    }

    static Optional<DeployedContract> record(StateView governanceState, String name) {
        return governanceState.get(GovernanceKeys.contract(name)).map(DeployedContracts::decode);
    }

    private static DeployedContract decode(byte[] value) {
        try {
            return DeployedContract.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            // Only governance writes this key, always a valid message: corrupt state is a broken invariant.
            throw new IllegalStateException("governance state holds an undecodable deployed contract", e);
        }
    }
}
