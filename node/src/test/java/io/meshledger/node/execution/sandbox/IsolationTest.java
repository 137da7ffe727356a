package io.meshledger.node.execution.sandbox;

import io.meshledger.contracts.Contract;
import io.meshledger.node.execution.ContractCompiler;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The class-loader wall, tested on its own, as if the verifier had been bypassed: a contract's
 * loader shows allow-listed JDK classes and the contract API, and no node class.
 */
class IsolationTest {

    @Test
    void theApiLoaderRefusesNodeClassesAndSystemContractsButSharesTheContractApi() throws Exception {
        assertThrows(ClassNotFoundException.class,
                () -> AllowListClassLoader.INSTANCE.loadClass("io.meshledger.node.Node"));
        assertThrows(ClassNotFoundException.class,
                () -> AllowListClassLoader.INSTANCE.loadClass("io.meshledger.node.execution.sandbox.GasMeter"));
        assertThrows(ClassNotFoundException.class, () -> AllowListClassLoader.INSTANCE.loadClass("java.lang.Thread"));
        assertThrows(ClassNotFoundException.class, () -> AllowListClassLoader.INSTANCE.loadClass("java.util.HashMap"));
        assertSame(Contract.class, AllowListClassLoader.INSTANCE.loadClass("io.meshledger.contracts.Contract"));
        assertSame(String.class, AllowListClassLoader.INSTANCE.loadClass("java.lang.String"));
    }

    @Test
    void aContractClassReferencingANodeClassCannotLinkIt() throws Exception {
        Map<String, byte[]> classes = ContractCompiler.compile(true, Contracts.source("Linker",
                "return new byte[] {(byte) io.meshledger.node.Node.class.getName().length()};", ""));
        ContractClassLoader loader = new ContractClassLoader("linker", classes);
        Contract contract = (Contract) loader.loadClass("evil.Linker").getConstructor().newInstance();
        NoClassDefFoundError e = assertThrows(NoClassDefFoundError.class, () -> contract.invoke(null, "x", new byte[0]));
        assertEquals("io/meshledger/node/Node", e.getMessage());
    }

    @Test
    void aContractClassCannotReachThreadsEvenUnverified() throws Exception {
        Map<String, byte[]> classes = ContractCompiler.compile(false, Contracts.source("Spawner",
                "new Thread(() -> {}).start(); return new byte[0];", ""));
        ContractClassLoader loader = new ContractClassLoader("spawner", classes);
        Object contract = loader.loadClass("evil.Spawner").getConstructor().newInstance();
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> contract.getClass()
                .getMethod("invoke", io.meshledger.contracts.ContractContext.class, String.class, byte[].class)
                .invoke(contract, null, "x", new byte[0]));
        assertInstanceOf(NoClassDefFoundError.class, e.getCause());
    }
}
