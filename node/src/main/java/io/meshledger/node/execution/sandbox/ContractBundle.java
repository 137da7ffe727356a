package io.meshledger.node.execution.sandbox;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A user contract as deployed: a JAR holding the contract's classes, whose
 * manifest attribute {@value #ENTRY_CLASS_ATTRIBUTE} names the class that
 * implements {@code io.meshledger.contracts.Contract} (public, with a public
 * no-argument constructor).
 * <p>
 * Only {@code .class} entries and {@code META-INF/} entries are accepted; the
 * latter, apart from the manifest, are ignored (contracts cannot read resources).
 * Classes may not live in {@code java}, {@code javax}, {@code jdk}, {@code sun}
 * or {@code io.meshledger} packages. Decoding reads the bytes in memory only.
 */
public final class ContractBundle {
    /** The manifest attribute naming the entry class, e.g. {@code com.acme.Counter}. */
    public static final String ENTRY_CLASS_ATTRIBUTE = "Meshledger-Contract-Class";

    private static final String[] RESERVED_PACKAGES = {"java/", "javax/", "jdk/", "sun/", "com/sun/", "io/meshledger/"};

    private final String entryClass;
    private final SortedMap<String, byte[]> classes;

    private ContractBundle(String entryClass, SortedMap<String, byte[]> classes) {
        this.entryClass = entryClass;
        this.classes = Collections.unmodifiableSortedMap(classes);
    }

    /** The entry class's binary name, e.g. {@code com.acme.Counter}. */
    public String entryClass() {
        return entryClass;
    }

    /** Class files by internal name ({@code com/acme/Counter}), sorted. The arrays are not copied: do not modify. */
    SortedMap<String, byte[]> classes() {
        return classes;
    }

    /**
     * Decodes a JAR held in memory.
     *
     * @throws InvalidBundleException naming the first rule the bytes break
     */
    static ContractBundle decode(byte[] jar, BundleLimits limits) {
        if (jar.length > limits.maxJarBytes()) {
            throw new InvalidBundleException("the JAR is " + jar.length + " bytes, more than the limit of " + limits.maxJarBytes());
        }
        SortedMap<String, byte[]> classes = new TreeMap<>();
        Manifest manifest = null;
        long inflated = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] content = readBounded(zip, limits.maxUncompressedBytes() - inflated, limits);
                inflated += content.length;
                if (name.equals("META-INF/MANIFEST.MF")) {
                    manifest = new Manifest(new ByteArrayInputStream(content));
                } else if (name.startsWith("META-INF/")) {
                    continue;
                } else if (name.endsWith(".class")) {
                    addClass(classes, name, content, limits);
                } else {
                    throw new InvalidBundleException("entry " + name + " is neither a class nor under META-INF/");
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidBundleException("not a readable JAR: " + e.getMessage());
        }
        if (classes.isEmpty()) {
            throw new InvalidBundleException("the JAR holds no classes");
        }
        String entryClass = entryClass(manifest);
        if (!classes.containsKey(entryClass.replace('.', '/'))) {
            throw new InvalidBundleException("the entry class " + entryClass + " named by the manifest is not in the JAR");
        }
        return new ContractBundle(entryClass, classes);
    }

    private static void addClass(SortedMap<String, byte[]> classes, String entryName, byte[] content, BundleLimits limits) {
        String internalName = entryName.substring(0, entryName.length() - ".class".length());
        if (internalName.equals("module-info") || internalName.endsWith("/package-info")) {
            return;
        }
        for (String reserved : RESERVED_PACKAGES) {
            if (internalName.startsWith(reserved)) {
                throw new InvalidBundleException("class " + internalName + " is in the reserved package " + reserved);
            }
        }
        if (classes.put(internalName, content) != null) {
            throw new InvalidBundleException("class " + internalName + " appears twice");
        }
        if (classes.size() > limits.maxClasses()) {
            throw new InvalidBundleException("the JAR holds more than " + limits.maxClasses() + " classes");
        }
    }

    private static String entryClass(Manifest manifest) {
        if (manifest == null) {
            throw new InvalidBundleException("the JAR has no META-INF/MANIFEST.MF");
        }
        Attributes attributes = manifest.getMainAttributes();
        String entryClass = attributes.getValue(ENTRY_CLASS_ATTRIBUTE);
        if (entryClass == null || entryClass.isBlank()) {
            throw new InvalidBundleException("the manifest has no " + ENTRY_CLASS_ATTRIBUTE + " attribute");
        }
        return entryClass.trim();
    }

    /** Reads one entry, failing as soon as the running total passes the limit (a zip bomb never inflates fully). */
    private static byte[] readBounded(InputStream in, long remaining, BundleLimits limits) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            if (out.size() > remaining) {
                throw new InvalidBundleException("the JAR inflates to more than " + limits.maxUncompressedBytes() + " bytes");
            }
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "ContractBundle[" + entryClass + ", " + classes.size() + " classes]";
    }
}
