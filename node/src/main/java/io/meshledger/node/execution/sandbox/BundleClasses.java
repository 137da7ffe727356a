package io.meshledger.node.execution.sandbox;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The classes of one bundle, parsed, with the type-hierarchy questions the
 * verifier and instrumenter ask about them: does a member resolve inside the
 * bundle, and if not, which JDK supertypes would it resolve to.
 */
final class BundleClasses {
    private final SortedMap<String, ClassNode> nodes;
    private final SortedMap<String, byte[]> classFiles;

    private BundleClasses(SortedMap<String, ClassNode> nodes, SortedMap<String, byte[]> classFiles) {
        this.nodes = Collections.unmodifiableSortedMap(nodes);
        this.classFiles = classFiles;
    }

    /**
     * Parses every class; frames are skipped (the instrumenter recomputes them).
     *
     * @throws InvalidBundleException if a class file cannot be parsed or is stored under another name
     */
    static BundleClasses parse(ContractBundle bundle) {
        SortedMap<String, ClassNode> nodes = new TreeMap<>();
        for (Map.Entry<String, byte[]> entry : bundle.classes().entrySet()) {
            ClassNode node = new ClassNode();
            try {
                new ClassReader(entry.getValue()).accept(node, ClassReader.SKIP_FRAMES);
            } catch (RuntimeException e) {
                throw new InvalidBundleException("class file " + entry.getKey() + ".class cannot be parsed: " + e);
            }
            if (!node.name.equals(entry.getKey())) {
                throw new InvalidBundleException("class file " + entry.getKey() + ".class holds class " + node.name);
            }
            nodes.put(node.name, node);
        }
        return new BundleClasses(nodes, bundle.classes());
    }

    SortedMap<String, ClassNode> nodes() {
        return nodes;
    }

    /** The class file as deployed, for a fresh parse to instrument. Do not modify. */
    byte[] classFile(String internalName) {
        return classFiles.get(internalName);
    }

    boolean contains(String internalName) {
        return nodes.containsKey(internalName);
    }

    ClassNode get(String internalName) {
        return nodes.get(internalName);
    }

    /** Whether {@code owner} or one of its bundle supertypes declares the member. */
    boolean declaresInBundle(String owner, String name, String desc, boolean method) {
        for (String type : bundleSupertypes(owner)) {
            ClassNode node = nodes.get(type);
            if (method ? declaresMethod(node, name, desc) : declaresField(node, name, desc)) {
                return true;
            }
        }
        return false;
    }

    /** The JDK (or contract API) supertypes met when leaving the bundle from {@code owner}, superclass first. */
    List<String> externalSupertypes(String owner) {
        Set<String> external = new LinkedHashSet<>();
        for (String type : bundleSupertypes(owner)) {
            ClassNode node = nodes.get(type);
            if (node.superName != null && !nodes.containsKey(node.superName)) {
                external.add(node.superName);
            }
        }
        for (String type : bundleSupertypes(owner)) {
            for (String itf : nodes.get(type).interfaces) {
                if (!nodes.containsKey(itf)) {
                    external.add(itf);
                }
            }
        }
        return new ArrayList<>(external);
    }

    /** {@code owner} and every supertype of it that the bundle defines, breadth first. */
    private List<String> bundleSupertypes(String owner) {
        List<String> found = new ArrayList<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(owner);
        while (!queue.isEmpty()) {
            String type = queue.poll();
            ClassNode node = nodes.get(type);
            if (node == null || found.contains(type)) {
                continue;
            }
            found.add(type);
            if (node.superName != null) {
                queue.add(node.superName);
            }
            queue.addAll(node.interfaces);
        }
        return found;
    }

    private static boolean declaresMethod(ClassNode node, String name, String desc) {
        for (MethodNode m : node.methods) {
            if (m.name.equals(name) && m.desc.equals(desc)) {
                return true;
            }
        }
        return false;
    }

    private static boolean declaresField(ClassNode node, String name, String desc) {
        for (FieldNode f : node.fields) {
            if (f.name.equals(name) && f.desc.equals(desc)) {
                return true;
            }
        }
        return false;
    }
}
