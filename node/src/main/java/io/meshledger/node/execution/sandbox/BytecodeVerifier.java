package io.meshledger.node.execution.sandbox;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The deployment check of a user contract: decodes the bundle, checks every
 * class against the determinism rules and the JDK allow-list
 * ({@link JdkAllowList}), checks the entry class, and instruments the classes
 * once without defining them, so that a bundle this verifier accepts is one the
 * {@link ContractLoader} can load. Pure and thread-safe: the same bytes give the
 * same result, violations in the same order, on every node.
 */
public final class BytecodeVerifier {
    static final String CONTRACT_INTERFACE = "io/meshledger/contracts/Contract";

    private final BundleLimits limits;

    public BytecodeVerifier() {
        this(BundleLimits.DEFAULT);
    }

    public BytecodeVerifier(BundleLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** Checks a contract JAR; never throws for bad input, which becomes violations instead. */
    public VerificationResult verify(byte[] jar) {
        ContractBundle bundle;
        BundleClasses classes;
        try {
            bundle = ContractBundle.decode(jar, limits);
            classes = BundleClasses.parse(bundle);
        } catch (InvalidBundleException e) {
            return new VerificationResult(List.of(new Violation("bundle", "", e.getMessage())));
        }
        return verify(classes, bundle.entryClass());
    }

    BundleLimits limits() {
        return limits;
    }

    /** Checks an already decoded bundle; the loader uses this to avoid decoding twice. */
    VerificationResult verify(BundleClasses classes, String entryClass) {
        List<Violation> violations = new ArrayList<>();
        ClassChecker checker = new ClassChecker(classes, limits, violations);
        for (ClassNode node : classes.nodes().values()) {
            checker.check(node);
        }
        checkEntryClass(classes, entryClass, violations);
        if (violations.isEmpty()) {
            tryInstrumenting(classes, violations);
        }
        return new VerificationResult(violations);
    }

    private static void checkEntryClass(BundleClasses classes, String entryClass, List<Violation> violations) {
        String internalName = entryClass.replace('.', '/');
        ClassNode node = classes.get(internalName);
        int access = node.access;
        if ((access & Opcodes.ACC_PUBLIC) == 0 || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_INTERFACE)) != 0) {
            violations.add(new Violation(entryClass, "", "the entry class must be a public concrete class"));
        }
        if (!classes.externalSupertypes(internalName).contains(CONTRACT_INTERFACE)) {
            violations.add(new Violation(entryClass, "", "the entry class must implement io.meshledger.contracts.Contract"));
        }
        boolean publicNoArgConstructor = false;
        for (MethodNode method : node.methods) {
            if (method.name.equals("<init>") && method.desc.equals("()V") && (method.access & Opcodes.ACC_PUBLIC) != 0) {
                publicNoArgConstructor = true;
            }
        }
        if (!publicNoArgConstructor) {
            violations.add(new Violation(entryClass, "", "the entry class needs a public no-argument constructor"));
        }
    }

    private void tryInstrumenting(BundleClasses classes, List<Violation> violations) {
        Instrumenter instrumenter = new Instrumenter(classes);
        for (String name : classes.nodes().keySet()) {
            try {
                instrumenter.instrument(name);
            } catch (RuntimeException e) {
                violations.add(new Violation(ClassChecker.binary(name), "",
                        "cannot be instrumented for metering: " + e.getMessage()));
            }
        }
    }
}
