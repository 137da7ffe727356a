package io.meshledger.node.execution.sandbox;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.ClassNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A frame-computing class writer that answers ASM's "common superclass" question
 * from the bundle's own class nodes and, for JDK and API types, from the node's
 * class loader, without ever loading a contract class.
 */
final class HierarchyClassWriter extends ClassWriter {
    private static final String OBJECT = "java/lang/Object";

    private final BundleClasses classes;

    HierarchyClassWriter(BundleClasses classes) {
        super(COMPUTE_FRAMES);
        this.classes = classes;
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        if (type1.equals(type2)) {
            return type1;
        }
        if (isInterface(type1) || isInterface(type2)) {
            return OBJECT;
        }
        List<String> chain = superChain(type1);
        for (String candidate : superChain(type2)) {
            if (chain.contains(candidate)) {
                return candidate;
            }
        }
        return OBJECT;
    }

    private List<String> superChain(String type) {
        List<String> chain = new ArrayList<>();
        for (String t = type; t != null; t = superOf(t)) {
            chain.add(t);
        }
        return chain;
    }

    private String superOf(String type) {
        ClassNode node = classes.get(type);
        if (node != null) {
            return node.superName;
        }
        Class<?> external = external(type);
        Class<?> superclass = external == null ? null : external.getSuperclass();
        return superclass == null ? null : superclass.getName().replace('.', '/');
    }

    private boolean isInterface(String type) {
        ClassNode node = classes.get(type);
        if (node != null) {
            return (node.access & ACC_INTERFACE_FLAG) != 0;
        }
        Class<?> external = external(type);
        return external != null && external.isInterface();
    }

    /** A JDK or contract-API class, which the verifier has already allow-listed; null if unknown. */
    private static Class<?> external(String type) {
        try {
            return Class.forName(type.replace('/', '.'), false, HierarchyClassWriter.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static final int ACC_INTERFACE_FLAG = org.objectweb.asm.Opcodes.ACC_INTERFACE;
}
