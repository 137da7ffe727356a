package io.meshledger.node.execution.sandbox;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites verified contract classes so that they pay for what they do:
 * <ul>
 *   <li>each basic block charges its instruction count before it runs
 *       ({@link BasicBlocks}), so a loop pays per iteration; the charge at the
 *       entry of an exception handler is covered by no handler of the contract
 *       ({@link HandlerCharges}), so a tripped meter unwinds the whole contract;</li>
 *   <li>array allocations charge their element count first (before the JVM
 *       tries, so a huge array fails as {@code OUT_OF_GAS}, never as an
 *       {@code OutOfMemoryError} that depends on a node's heap);</li>
 *   <li>JDK calls that allocate or copy in proportion to an argument charge it
 *       first, and JDK calls returning a string or array charge its length after,
 *       so doubling a string or list in a loop runs out of gas long before memory;</li>
 *   <li>every method enters a call-depth frame on the meter and leaves it on return
 *       and, through a catch-all handler that rethrows, on exception. Constructors
 *       leave it only on return: a handler may not cover the code before
 *       {@code super(...)}, so a constructor that throws keeps its frame counted until
 *       the invocation ends, which over-counts depth but identically on every node.</li>
 * </ul>
 * The rewritten class gets freshly computed stack-map frames.
 */
final class Instrumenter {
    static final String METERING = Type.getInternalName(Metering.class);
    /** JDK members by name whose last (reference) argument is copied in: its size is charged before the call. */
    private static final Set<String> COPYING_MEMBERS = Set.of("<init>", "append", "insert", "addAll", "putAll",
            "concat", "copyOf", "join");

    private final BundleClasses classes;

    Instrumenter(BundleClasses classes) {
        this.classes = classes;
    }

    /** The instrumented class file of one bundle class. */
    byte[] instrument(String internalName) {
        ClassNode node = new ClassNode();
        new ClassReader(classes.classFile(internalName)).accept(node, ClassReader.SKIP_FRAMES);
        for (MethodNode method : node.methods) {
            if (method.instructions.size() > 0) {
                instrument(method);
            }
        }
        ClassWriter writer = new HierarchyClassWriter(classes);
        node.accept(writer);
        return writer.toByteArray();
    }

    private void instrument(MethodNode method) {
        AbstractInsnNode[] original = method.instructions.toArray();
        Map<AbstractInsnNode, LabelNode[]> chargeSpans = new HashMap<>();
        for (Map.Entry<AbstractInsnNode, Integer> block : BasicBlocks.costs(method).entrySet()) {
            LabelNode before = new LabelNode();
            LabelNode after = new LabelNode();
            InsnList charge = new InsnList();
            charge.add(before);
            charge.add(new LdcInsnNode(block.getValue()));
            charge.add(call("charge", "(I)V"));
            charge.add(after);
            method.instructions.insertBefore(block.getKey(), charge);
            chargeSpans.put(block.getKey(), new LabelNode[]{before, after});
        }
        HandlerCharges.uncover(method, chargeSpans);
        int nextLocal = method.maxLocals;
        for (AbstractInsnNode insn : original) {
            switch (insn) {
                case MultiANewArrayInsnNode array -> chargeDimensions(method, array, nextLocal);
                case MethodInsnNode call when !classes.contains(call.owner) -> chargeJdkCall(method, call);
                case InvokeDynamicInsnNode indy when indy.bsm.getOwner().equals("java/lang/invoke/StringConcatFactory") ->
                        method.instructions.insert(indy, sizedAs(Type.getType(String.class)));
                default -> {
                    if (insn.getOpcode() == Opcodes.NEWARRAY || insn.getOpcode() == Opcodes.ANEWARRAY) {
                        method.instructions.insertBefore(insn, call("chargeElements", "(I)I"));
                    }
                }
            }
        }
        boundDepth(method);
    }

    private static void chargeDimensions(MethodNode method, MultiANewArrayInsnNode array, int firstTemp) {
        InsnList code = new InsnList();
        for (int i = array.dims - 1; i >= 0; i--) {
            code.add(new VarInsnNode(Opcodes.ISTORE, firstTemp + i));
        }
        code.add(new InsnNode(Opcodes.LCONST_1));
        for (int i = 0; i < array.dims; i++) {
            code.add(new VarInsnNode(Opcodes.ILOAD, firstTemp + i));
            code.add(call("multiplyDimension", "(JI)J"));
        }
        code.add(call("chargeDimensions", "(J)V"));
        for (int i = 0; i < array.dims; i++) {
            code.add(new VarInsnNode(Opcodes.ILOAD, firstTemp + i));
        }
        method.instructions.insertBefore(array, code);
    }

    private static void chargeJdkCall(MethodNode method, MethodInsnNode call) {
        Type[] arguments = Type.getArgumentTypes(call.desc);
        Type last = arguments.length == 0 ? null : arguments[arguments.length - 1];
        if (last != null && last.getSort() == Type.INT && JdkAllowList.sizedByLastInt(call.owner, call.name, call.desc)) {
            method.instructions.insertBefore(call, call("chargeElements", "(I)I"));
        } else if (last != null && isReference(last) && COPYING_MEMBERS.contains(call.name)) {
            method.instructions.insertBefore(call, sizedAs(last));
        }
        Type result = Type.getReturnType(call.desc);
        boolean producesText = result.getSort() == Type.OBJECT && result.getInternalName().equals("java/lang/String");
        boolean producesArray = result.getSort() == Type.ARRAY || call.owner.startsWith("[") && call.name.equals("clone");
        if (producesText || producesArray) {
            method.instructions.insert(call, sizedAs(result));
        }
    }

    /** Charges the size of the reference on top of the stack and leaves it there, with its static type intact. */
    private static InsnList sizedAs(Type type) {
        InsnList code = new InsnList();
        code.add(call("sized", "(Ljava/lang/Object;)Ljava/lang/Object;"));
        if (!type.getDescriptor().equals("Ljava/lang/Object;")) {
            code.add(new TypeInsnNode(Opcodes.CHECKCAST, type.getSort() == Type.ARRAY ? type.getDescriptor() : type.getInternalName()));
        }
        return code;
    }

    private static void boundDepth(MethodNode method) {
        boolean constructor = method.name.equals("<init>");
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            if (insn.getOpcode() >= Opcodes.IRETURN && insn.getOpcode() <= Opcodes.RETURN) {
                method.instructions.insertBefore(insn, call("exit", "()V"));
            }
        }
        InsnList head = new InsnList();
        head.add(call("enter", "()V"));
        if (!constructor) {
            LabelNode start = new LabelNode();
            LabelNode end = new LabelNode();
            LabelNode handler = new LabelNode();
            head.add(start);
            method.instructions.add(end);
            method.instructions.add(handler);
            method.instructions.add(call("exit", "()V"));
            method.instructions.add(new InsnNode(Opcodes.ATHROW));
            // Appended last: the contract's own handlers keep precedence over this one.
            method.tryCatchBlocks.add(new TryCatchBlockNode(start, end, handler, null));
        }
        method.instructions.insert(head);
    }

    private static boolean isReference(Type type) {
        return type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY;
    }

    private static MethodInsnNode call(String name, String desc) {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, METERING, name, desc, false);
    }
}
