package io.meshledger.node.execution.sandbox;

/**
 * The parent of every contract's class loader: it shows allow-listed JDK
 * classes, the contract API ({@code io.meshledger.contracts}, not its
 * sub-packages of system contracts) and {@link Metering}, and nothing else of
 * the node. A contract that somehow referenced a node class (the verifier
 * refuses that first) fails to link it with {@link NoClassDefFoundError}.
 */
final class AllowListClassLoader extends ClassLoader {
    static final AllowListClassLoader INSTANCE = new AllowListClassLoader();

    private static final String CONTRACT_API = "io.meshledger.contracts.";

    static {
        registerAsParallelCapable();
    }

    private AllowListClassLoader() {
        super("meshledger-contract-api", null);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!visible(name)) {
            throw new ClassNotFoundException(name + " is not visible to contracts");
        }
        return Class.forName(name, false, AllowListClassLoader.class.getClassLoader());
    }

    static boolean visible(String binaryName) {
        if (binaryName.equals(Metering.class.getName())) {
            return true;
        }
        if (binaryName.startsWith(CONTRACT_API) && binaryName.indexOf('.', CONTRACT_API.length()) < 0) {
            return true;
        }
        return binaryName.startsWith("java.") && JdkAllowList.allowsType(binaryName.replace('.', '/'));
    }
}
