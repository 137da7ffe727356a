package io.meshledger.node.execution.sandbox;

import java.util.Map;

/**
 * Defines the instrumented classes of one contract, and only those; everything
 * else goes to {@link AllowListClassLoader}. One loader per loaded contract, so
 * two contracts (or two versions of one) never share classes or statics.
 */
final class ContractClassLoader extends ClassLoader {
    private final Map<String, byte[]> instrumented;

    /** @param instrumented class files by binary name ({@code com.acme.Counter}) */
    ContractClassLoader(String contractName, Map<String, byte[]> instrumented) {
        super("contract-" + contractName, AllowListClassLoader.INSTANCE);
        this.instrumented = Map.copyOf(instrumented);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = instrumented.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
