package io.meshledger.node.execution.sandbox;

import io.meshledger.contracts.Contract;
import io.meshledger.contracts.ContractException;
import io.meshledger.contracts.FailureCodes;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.Hashing;

import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Turns a deployed JAR into a runnable contract: verify, instrument, define in
 * a class loader of its own, initialise every class, and construct the entry
 * class once to prove it can be. Loading is deterministic but not cheap: the
 * runtime caches {@link LoadedContract}s by {@link LoadedContract#codeHash()}.
 * <p>
 * Static initialisers run here, under a meter of their own ({@link #INIT_GAS}),
 * in class-name order, so no transaction ever pays for them: otherwise the first
 * transaction after a node (re)loaded a contract would use more gas than the same
 * transaction on a node that had it cached.
 */
public final class ContractLoader {
    /** Gas for static initialisers and the trial construction, per load. */
    public static final long INIT_GAS = 1_000_000L;

    private final BytecodeVerifier verifier;

    public ContractLoader() {
        this(new BytecodeVerifier());
    }

    public ContractLoader(BytecodeVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /**
     * Loads a contract bundle.
     *
     * @param name the contract's deployed name, for diagnostics (class-loader name)
     * @throws ContractException {@link FailureCodes#CONTRACT_REJECTED} with every violation if the
     *                           bytecode breaks the rules, or {@link FailureCodes#CONTRACT_ERROR} if its
     *                           static initialisation or construction fails
     */
    public LoadedContract load(String name, byte[] jar) {
        ContractBundle bundle;
        BundleClasses classes;
        try {
            bundle = ContractBundle.decode(jar, verifier.limits());
            classes = BundleClasses.parse(bundle);
        } catch (InvalidBundleException e) {
            throw new ContractException(FailureCodes.CONTRACT_REJECTED, "bundle: " + e.getMessage());
        }
        VerificationResult result = verifier.verify(classes, bundle.entryClass());
        if (!result.accepted()) {
            throw new ContractException(FailureCodes.CONTRACT_REJECTED, result.describe());
        }
        Instrumenter instrumenter = new Instrumenter(classes);
        Map<String, byte[]> instrumented = new TreeMap<>();
        for (String internalName : classes.nodes().keySet()) {
            instrumented.put(internalName.replace('/', '.'), instrumenter.instrument(internalName));
        }
        ContractClassLoader loader = new ContractClassLoader(name, instrumented);
        Constructor<? extends Contract> constructor = initialise(loader, instrumented, bundle.entryClass());
        return new LoadedContract(name, Hashing.sha256(jar), constructor);
    }

    private static Constructor<? extends Contract> initialise(ClassLoader loader, Map<String, byte[]> classes,
                                                              String entryClass) {
        GasMeter meter = new GasMeter(INIT_GAS);
        try {
            return Metering.within(meter, () -> {
                for (String className : classes.keySet()) {
                    forName(className, loader);
                }
                Constructor<? extends Contract> constructor = constructor(forName(entryClass, loader));
                Invocation.construct(constructor);
                return constructor;
            });
        } catch (MeterTrippedError e) {
            throw new ContractException(FailureCodes.CONTRACT_ERROR,
                    "static initialisation or construction used more than " + INIT_GAS + " gas");
        } catch (ExceptionInInitializerError e) {
            throw new ContractException(FailureCodes.CONTRACT_ERROR,
                    "static initialisation failed: " + Invocation.describe(e.getCause()));
        } catch (RuntimeException | LinkageError e) {
            throw new ContractException(FailureCodes.CONTRACT_ERROR, "construction failed: " + Invocation.describe(e));
        }
    }

    private static Constructor<? extends Contract> constructor(Class<?> entryClass) {
        try {
            return entryClass.asSubclass(Contract.class).getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("a verified entry class has no public no-argument constructor", e);
        }
    }

    private static Class<?> forName(String className, ClassLoader loader) {
        try {
            return Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a verified bundle class did not load: " + className, e);
        }
    }

    /** The {@link Hash} the runtime caches loaded contracts by: SHA-256 of the JAR, as governance records it. */
    public static Hash codeHash(byte[] jar) {
        return Hashing.sha256(jar);
    }
}
