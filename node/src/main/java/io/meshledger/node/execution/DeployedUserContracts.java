package io.meshledger.node.execution;

import io.meshledger.core.crypto.Hash;
import io.meshledger.node.execution.governance.DeployedCode;
import io.meshledger.node.execution.governance.DeployedContracts;
import io.meshledger.node.execution.governance.GovernanceContract;
import io.meshledger.node.execution.sandbox.ContractLoader;
import io.meshledger.node.execution.sandbox.GasMeter;
import io.meshledger.node.execution.sandbox.LoadedContract;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * User contracts as governance activated them: the name resolves, in the state
 * the invocation sees, to the active code, which is verified, instrumented and
 * loaded once per code hash (loading is deterministic, so the cache changes
 * no outcome). Thread-safe: blocks execute on one thread while read-only calls
 * arrive on others.
 */
final class DeployedUserContracts implements Contracts.UserContracts {
    private static final int CACHED_CONTRACTS = 64;

    private final ContractLoader loader = new ContractLoader();
    private final Map<Hash, LoadedContract> loaded = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, LoadedContract> eldest) {
            return size() > CACHED_CONTRACTS;
        }
    };

    @Override
    public Optional<Invocable> resolve(String name, Overlay state) {
        // Resolution reads governance state for the runtime, not for the contract: it is not charged.
        NamespaceView governance = new NamespaceView(state, GovernanceContract.NAME, true, new GasMeter(Long.MAX_VALUE));
        Optional<DeployedCode> code = DeployedContracts.active(governance, name);
        if (code.isEmpty()) {
            return Optional.empty();
        }
        LoadedContract contract = load(code.get());
        return Optional.of(contract::invoke);
    }

    private LoadedContract load(DeployedCode code) {
        synchronized (loaded) {
            LoadedContract cached = loaded.get(code.codeHash());
            if (cached != null) {
                return cached;
            }
        }
        // Loading can fail (a static initialiser that throws); the failure is a ContractException every node
        // raises identically, and it fails the invocation that needed the contract.
        LoadedContract fresh = loader.load(code.name(), code.jar().toArray());
        synchronized (loaded) {
            loaded.putIfAbsent(code.codeHash(), fresh);
            return loaded.get(code.codeHash());
        }
    }
}
