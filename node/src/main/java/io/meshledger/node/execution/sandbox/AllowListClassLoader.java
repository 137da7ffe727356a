package io.meshledger.node.execution.sandbox;

import java.util.Set;

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
    /**
     * What the JVM resolves through the contract's loader to link the two invokedynamic
     * bootstraps the verifier allows (string concatenation, lambdas). Contract code itself may
     * not name these: the verifier refuses them.
     */
    private static final Set<String> BOOTSTRAP_LINKAGE = Set.of("java.lang.invoke.StringConcatFactory",
            "java.lang.invoke.LambdaMetafactory", "java.lang.invoke.MethodHandles$Lookup",
            "java.lang.invoke.MethodHandle", "java.lang.invoke.MethodType", "java.lang.invoke.CallSite");

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
        if (binaryName.equals(Metering.class.getName()) || BOOTSTRAP_LINKAGE.contains(binaryName)) {
            return true;
        }
        if (binaryName.startsWith(CONTRACT_API) && binaryName.indexOf('.', CONTRACT_API.length()) < 0) {
            return true;
        }
        return binaryName.startsWith("java.") && JdkAllowList.allowsType(binaryName.replace('.', '/'));
    }
}
