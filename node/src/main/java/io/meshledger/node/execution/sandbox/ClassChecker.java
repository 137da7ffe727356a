package io.meshledger.node.execution.sandbox;

import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;

import java.util.List;
import java.util.Set;

/**
 * Checks one class of a bundle against the determinism rules, appending a
 * {@link Violation} per offending reference. Class-level rules first, then each
 * method's flags, handlers and instructions in order.
 */
final class ClassChecker {
    private static final String STRING_CONCAT = "java/lang/invoke/StringConcatFactory";
    private static final String LAMBDA = "java/lang/invoke/LambdaMetafactory";
    /** Handler types that would catch the meter's unwinding error or the VM's own failures. */
    private static final Set<String> UNCATCHABLE = Set.of("java/lang/Throwable", "java/lang/Error",
            "java/lang/VirtualMachineError", "java/lang/StackOverflowError", "java/lang/OutOfMemoryError");

    private final BundleClasses bundle;
    private final BundleLimits limits;
    private final List<Violation> out;
    private ClassNode current;
    private String location;

    ClassChecker(BundleClasses bundle, BundleLimits limits, List<Violation> out) {
        this.bundle = bundle;
        this.limits = limits;
        this.out = out;
    }

    void check(ClassNode node) {
        current = node;
        location = binary(node.name);
        // Java 21 class files at most: a node running JDK 21 must link what a node on a newer JDK links.
        int major = node.version & 0xFFFF;
        if (major < Opcodes.V1_8 || major > Opcodes.V21) {
            add("has class-file version " + major, "only versions 52 (Java 8) to 65 (Java 21) are accepted");
        }
        if (node.superName != null) {
            checkType(node.superName, "extends ");
        }
        for (String itf : node.interfaces) {
            checkType(itf, "implements ");
        }
        for (FieldNode field : node.fields) {
            checkDescriptor(Type.getType(field.desc), "declares field " + field.name + " of type ");
        }
        for (MethodNode method : node.methods) {
            location = binary(node.name) + "." + method.name;
            checkMethod(method);
        }
    }

    private void checkMethod(MethodNode method) {
        if ((method.access & Opcodes.ACC_NATIVE) != 0) {
            add("is native", "native code is not allowed");
        }
        if ((method.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
            add("is synchronized", "threads and monitors are not deterministic");
        }
        if (method.name.equals("finalize") && method.desc.equals("()V")) {
            add("overrides finalize()", "finalizers run at the garbage collector's whim");
        }
        Type methodType = Type.getMethodType(method.desc);
        checkDescriptor(methodType.getReturnType(), "returns ");
        for (Type argument : methodType.getArgumentTypes()) {
            checkDescriptor(argument, "takes ");
        }
        if (method.instructions.size() > limits.maxMethodInstructions()) {
            add("has " + method.instructions.size() + " instructions",
                    "more than the limit of " + limits.maxMethodInstructions());
        }
        if (method.maxLocals + method.maxStack > limits.maxFrameSlots()) {
            add("uses " + (method.maxLocals + method.maxStack) + " frame slots",
                    "more than the limit of " + limits.maxFrameSlots());
        }
        for (TryCatchBlockNode handler : method.tryCatchBlocks) {
            if (handler.type == null) {
                continue; // finally: rethrows, and its first block re-trips a tripped meter
            }
            if (UNCATCHABLE.contains(handler.type)) {
                add("catches " + handler.type, "catching Throwable or Error could swallow running out of gas");
            } else {
                checkType(handler.type, "catches ");
            }
        }
        for (AbstractInsnNode insn : method.instructions) {
            checkInstruction(method, insn);
        }
    }

    private void checkInstruction(MethodNode method, AbstractInsnNode insn) {
        switch (insn) {
            case MethodInsnNode call -> checkMember(call.owner, call.name, call.desc, true, "calls ");
            case FieldInsnNode field -> checkField(method, field);
            case TypeInsnNode type -> checkType(type.desc, "uses type ");
            case MultiANewArrayInsnNode array -> checkType(array.desc, "allocates ");
            case LdcInsnNode ldc -> checkConstant(ldc.cst);
            case InvokeDynamicInsnNode indy -> checkInvokeDynamic(indy);
            default -> {
                int opcode = insn.getOpcode();
                if (opcode == Opcodes.MONITORENTER || opcode == Opcodes.MONITOREXIT) {
                    add("uses a synchronized block", "threads and monitors are not deterministic");
                } else if (opcode == Opcodes.JSR || opcode == Opcodes.RET) {
                    add("uses JSR/RET", "subroutines are not supported");
                }
            }
        }
    }

    private void checkField(MethodNode method, FieldInsnNode field) {
        String verb = switch (field.getOpcode()) {
            case Opcodes.GETSTATIC, Opcodes.GETFIELD -> "reads ";
            default -> "writes ";
        };
        checkMember(field.owner, field.name, field.desc, false, verb);
        // State lives in StateView: a static written after initialisation would carry data between
        // invocations, and which invocations a node has run (cache, restarts) differs between nodes.
        if (field.getOpcode() == Opcodes.PUTSTATIC
                && !(method.name.equals("<clinit>") && field.owner.equals(current.name))) {
            add("writes " + field.owner + "." + field.name,
                    "static fields may only be set by their own class's static initialiser; keep state in StateView");
        }
    }

    private void checkConstant(Object constant) {
        switch (constant) {
            case Type type when type.getSort() == Type.METHOD -> add("loads a method type constant " + type,
                    "reflection (method handles) is not allowed");
            case Type type -> checkType(type.getInternalName(), "loads class constant ");
            case Handle handle -> add("loads a method handle " + handle.getOwner() + "." + handle.getName(),
                    "reflection (method handles) is not allowed");
            case ConstantDynamic dynamic -> add("loads a dynamic constant " + dynamic.getName(),
                    "dynamic constants are not allowed");
            default -> {
            }
        }
    }

    private void checkInvokeDynamic(InvokeDynamicInsnNode indy) {
        Handle bootstrap = indy.bsm;
        String reference = "invokedynamic with bootstrap " + bootstrap.getOwner() + "." + bootstrap.getName();
        if (bootstrap.getOwner().equals(STRING_CONCAT)) {
            for (Type argument : Type.getArgumentTypes(indy.desc)) {
                checkConcatenated(argument);
            }
        } else if (bootstrap.getOwner().equals(LAMBDA) && bootstrap.getName().equals("metafactory")) {
            checkDescriptor(Type.getReturnType(indy.desc), "creates a lambda for ");
            Handle target = (Handle) indy.bsmArgs[1];
            checkMember(target.getOwner(), target.getName(), target.getDesc(), true, "refers to ");
        } else {
            add(reference, "only string concatenation and plain lambdas may use invokedynamic");
        }
    }

    /** String concatenation calls {@code toString()} on each object argument. */
    private void checkConcatenated(Type argument) {
        if (argument.getSort() == Type.ARRAY) {
            add("concatenates an array " + argument.getDescriptor(), JdkAllowList.IDENTITY_HASH);
        } else if (argument.getSort() == Type.OBJECT) {
            String owner = argument.getInternalName();
            checkType(owner, "concatenates ");
            if (JdkAllowList.allowsType(owner) || bundle.contains(owner)) {
                checkMember(owner, "toString", "()Ljava/lang/String;", true, "concatenates (calls toString of) ");
            }
        }
    }

    private void checkMember(String owner, String name, String desc, boolean method, String verb) {
        String reference = verb + owner + "." + name + (method ? desc : "");
        if (owner.startsWith("[")) {
            if (!(method && name.equals("clone"))) {
                add(reference, name.equals("hashCode") || name.equals("toString")
                        ? JdkAllowList.IDENTITY_HASH : "arrays offer only clone() and length");
            }
            return;
        }
        if (bundle.contains(owner)) {
            if (!bundle.declaresInBundle(owner, name, desc, method)) {
                checkInherited(owner, name, desc, reference);
            }
            return;
        }
        String reason = JdkAllowList.refuseMember(owner, name, desc);
        if (reason != null) {
            add(reference, reason);
        }
    }

    /** A member the bundle class inherits from the JDK must be allowed on one of the JDK supertypes. */
    private void checkInherited(String owner, String name, String desc, String reference) {
        String firstReason = null;
        for (String external : bundle.externalSupertypes(owner)) {
            String reason = JdkAllowList.refuseMember(external, name, desc);
            if (reason == null) {
                return;
            }
            firstReason = firstReason == null ? reason : firstReason;
        }
        add(reference, firstReason == null ? "not found in the bundle" : firstReason);
    }

    private void checkDescriptor(Type type, String verb) {
        Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
        if (element.getSort() == Type.OBJECT) {
            checkType(element.getInternalName(), verb);
        }
    }

    private void checkType(String internalNameOrArray, String verb) {
        String name = internalNameOrArray;
        if (name.startsWith("[")) {
            Type element = Type.getType(name).getElementType();
            if (element.getSort() != Type.OBJECT) {
                return;
            }
            name = element.getInternalName();
        }
        if (bundle.contains(name)) {
            return;
        }
        String reason = JdkAllowList.refuseType(name);
        if (reason != null) {
            add(verb + name, reason);
        }
    }

    private void add(String reference, String reason) {
        out.add(new Violation(location, reference, reason));
    }

    static String binary(String internalName) {
        return internalName.replace('/', '.');
    }
}
