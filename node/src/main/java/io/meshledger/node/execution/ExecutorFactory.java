package io.meshledger.node.execution;

import io.meshledger.contracts.Contract;
import io.meshledger.contracts.SystemContracts;
import io.meshledger.contracts.publication.PublicationLimits;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.genesis.Organisation;
import io.meshledger.core.identity.MembershipValidator;
import io.meshledger.node.execution.governance.GovernanceContract;
import io.meshledger.node.storage.StateStore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that says how a chain's blocks are executed: the system
 * contracts with their limits, governance over the genesis organisations, the
 * genesis membership and the execution limits. A node and an offline audit both
 * build their executor here, so a replay executes exactly as the node did.
 */
public final class ExecutorFactory {
    private ExecutorFactory() {
    }

    /** The executor of the chain {@code genesis} starts, over {@code store}'s state. */
    public static BlockExecutor forGenesis(Genesis genesis, StateStore store, MembershipValidator members) {
        Map<String, Contract> systemContracts = new LinkedHashMap<>(SystemContracts.create(PublicationLimits.DEFAULT));
        systemContracts.put(GovernanceContract.NAME, new GovernanceContract(
                genesis.organisations().stream().map(Organisation::name).toList()));
        return BlockExecutor.create(genesis.chainId(), store, systemContracts, members, ExecutionLimits.DEFAULT);
    }
}
