package io.meshledger.node.execution;

import io.meshledger.contracts.Contract;
import io.meshledger.node.execution.sandbox.ContractBundle;

import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles contract sources in memory (javac, {@code --release 21}, classpath = the contract API,
 * plus the node's classes when a test needs a contract that names them) and packs them as a bundle JAR.
 */
public final class ContractCompiler {
    private static final Pattern PACKAGE = Pattern.compile("package\\s+([\\w.]+)\\s*;");
    private static final Pattern TYPE = Pattern.compile("(?:class|interface|enum|record)\\s+(\\w+)");

    private ContractCompiler() {
    }

    /** A bundle whose entry class is {@code entryClass}, compiled from the sources (one top-level type each). */
    public static byte[] jar(String entryClass, String... sources) {
        return pack(entryClass, compile(false, sources));
    }

    /** As {@link #jar}, compiled against the node's classes too (for contracts that reference them). */
    public static byte[] jarAgainstNode(String entryClass, String... sources) {
        return pack(entryClass, compile(true, sources));
    }

    /** Class files by binary name. */
    public static Map<String, byte[]> compile(boolean withNodeClasses, String... sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, null);
        Map<String, ByteArrayOutputStream> outputs = new TreeMap<>();
        JavaFileManager files = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(uri("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return outputs.computeIfAbsent(className, k -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        for (String source : sources) {
            units.add(new SimpleJavaFileObject(uri("mem:///" + typeName(source).replace('.', '/') + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            });
        }
        String classpath = location(Contract.class) + (withNodeClasses ? java.io.File.pathSeparator
                + location(ContractBundle.class) : "");
        List<String> options = List.of("--release", "21", "-proc:none", "-classpath", classpath);
        if (!javac.getTask(null, files, diagnostics, options, null, units).call()) {
            throw new IllegalArgumentException("contract sources do not compile: " + diagnostics.getDiagnostics());
        }
        Map<String, byte[]> classes = new TreeMap<>();
        outputs.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
        return classes;
    }

    public static byte[] pack(String entryClass, Map<String, byte[]> classes) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue(ContractBundle.ENTRY_CLASS_ATTRIBUTE, entryClass);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                jar.putNextEntry(new JarEntry(entry.getKey().replace('.', '/') + ".class"));
                jar.write(entry.getValue());
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String typeName(String source) {
        Matcher pkg = PACKAGE.matcher(source);
        Matcher type = TYPE.matcher(source);
        if (!type.find()) {
            throw new IllegalArgumentException("no type in source");
        }
        return (pkg.find() ? pkg.group(1) + "." : "") + type.group(1);
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(String text) {
        return URI.create(text);
    }
}
