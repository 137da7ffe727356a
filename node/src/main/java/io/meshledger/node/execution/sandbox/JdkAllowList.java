package io.meshledger.node.execution.sandbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JDK classes and members a contract may reference, and the reason for
 * refusing anything else. An allow-list: a class or member absent from it is
 * refused even if nobody thought of it as dangerous. The reasons only make the
 * refusal readable; they never decide it.
 * <p>
 * Beyond the obvious (clocks, randomness, threads, I/O, reflection), the list
 * leaves out what is deterministic on one JVM but not across nodes: hash-ordered
 * collections ({@code HashMap}, and {@code Set.of}/{@code Map.of}, whose iteration
 * order is salted per JVM start), identity hashes (reached through
 * {@code hashCode}/{@code toString} of classes that do not override them), the
 * default locale and charset, {@code Math}'s transcendental functions (allowed to
 * differ by an ulp between CPUs; {@code StrictMath} is exact), regular expressions
 * (unmetered backtracking), and members that allocate in proportion to an argument
 * the meter cannot see.
 */
final class JdkAllowList {
    static final String IDENTITY_HASH = "may reveal an identity hash, which differs between nodes";

    private static final Map<String, MemberRule> RULES = new HashMap<>();
    private static final String FUNCTIONAL_INTERFACES = "java/util/function/";
    private static final String CONTRACT_API = "io/meshledger/contracts/";

    /** Owners whose {@code hashCode()} is computed from the value (never the identity). */
    private static final Set<String> HASH_OWNERS = Set.of(
            "java/lang/String", "java/lang/Integer", "java/lang/Long", "java/lang/Short", "java/lang/Byte",
            "java/lang/Character", "java/lang/Boolean", "java/lang/Double", "java/lang/Float",
            "io/meshledger/contracts/Caller", "io/meshledger/contracts/StateEntry");

    /** Owners whose {@code toString()} shows the value (never the identity). */
    private static final Set<String> TEXT_OWNERS = Set.of(
            "java/lang/String", "java/lang/Integer", "java/lang/Long", "java/lang/Short", "java/lang/Byte",
            "java/lang/Character", "java/lang/Boolean", "java/lang/Double", "java/lang/Float",
            "java/lang/StringBuilder", "java/lang/CharSequence", "java/lang/Enum",
            "io/meshledger/contracts/Caller", "io/meshledger/contracts/StateEntry");

    /**
     * Members whose last argument is an {@code int} size or index that they allocate up to; the
     * instrumenter charges it as elements before the call (and {@code System.arraycopy} as work).
     */
    private static final Set<String> SIZED_BY_LAST_INT = Set.of(
            "java/util/Arrays.copyOf", "java/util/Arrays.copyOfRange",
            "java/lang/StringBuilder.<init>(I)V", "java/lang/StringBuilder.ensureCapacity(I)V",
            "java/lang/StringBuilder.setLength(I)V",
            "java/util/ArrayList.<init>(I)V", "java/util/ArrayList.ensureCapacity(I)V",
            "java/util/ArrayDeque.<init>(I)V", "java/util/LinkedHashMap.<init>(I)V",
            "java/util/LinkedHashSet.<init>(I)V", "java/lang/System.arraycopy");

    /** Refusal reasons by prefix of {@code owner.name}, most specific first. */
    private static final List<String[]> REASONS = List.of(
            new String[]{"java/lang/System.currentTimeMillis", "clocks are not deterministic"},
            new String[]{"java/lang/System.nanoTime", "clocks are not deterministic"},
            new String[]{"java/lang/System.identityHashCode", IDENTITY_HASH},
            new String[]{"java/lang/String.valueOf", IDENTITY_HASH},
            new String[]{"java/lang/StringBuilder.append", IDENTITY_HASH},
            new String[]{"java/lang/StringBuilder.insert", IDENTITY_HASH},
            new String[]{"java/util/Objects.hash", IDENTITY_HASH},
            new String[]{"java/util/Objects.toString", IDENTITY_HASH},
            new String[]{"java/util/Objects.toIdentityString", IDENTITY_HASH},
            new String[]{"java/util/Arrays.hashCode", IDENTITY_HASH},
            new String[]{"java/util/Arrays.deepHashCode", IDENTITY_HASH},
            new String[]{"java/util/Arrays.toString", IDENTITY_HASH},
            new String[]{"java/util/Arrays.deepToString", IDENTITY_HASH},
            new String[]{"java/lang/System.getenv", "the node's environment is off limits"},
            new String[]{"java/lang/System.getProperty", "the node's environment is off limits"},
            new String[]{"java/lang/System.setProperty", "the node's environment is off limits"},
            new String[]{"java/lang/System.lineSeparator", "the node's environment is off limits"},
            new String[]{"java/lang/System.exit", "a contract may not stop the node"},
            new String[]{"java/lang/System.gc", "garbage-collector timing is not deterministic"},
            new String[]{"java/lang/System.out", "I/O is not allowed"},
            new String[]{"java/lang/System.err", "I/O is not allowed"},
            new String[]{"java/lang/System.in", "I/O is not allowed"},
            new String[]{"java/lang/System.load", "native code is not allowed"},
            new String[]{"java/lang/Runtime", "the node's process is off limits"},
            new String[]{"java/lang/Process", "the node's process is off limits"},
            new String[]{"java/lang/Integer.getInteger", "the node's environment is off limits"},
            new String[]{"java/lang/Long.getLong", "the node's environment is off limits"},
            new String[]{"java/lang/Boolean.getBoolean", "the node's environment is off limits"},
            new String[]{"java/lang/Math.random", "randomness is not deterministic"},
            new String[]{"java/lang/StrictMath.random", "randomness is not deterministic"},
            new String[]{"java/lang/Math.", "Math's transcendental functions may differ between CPUs; use StrictMath"},
            new String[]{"java/time/", "clocks are not deterministic"},
            new String[]{"java/util/Date", "clocks are not deterministic"},
            new String[]{"java/util/Calendar", "clocks are not deterministic"},
            new String[]{"java/util/TimeZone", "clocks are not deterministic"},
            new String[]{"java/util/UUID.randomUUID", "randomness is not deterministic"},
            new String[]{"java/util/Random", "randomness is not deterministic"},
            new String[]{"java/util/SplittableRandom", "randomness is not deterministic"},
            new String[]{"java/util/random/", "randomness is not deterministic"},
            new String[]{"java/security/SecureRandom", "randomness is not deterministic"},
            new String[]{"java/util/concurrent/ThreadLocalRandom", "randomness is not deterministic"},
            new String[]{"java/util/Collections.shuffle", "randomness is not deterministic"},
            new String[]{"java/lang/Thread", "threads are not deterministic"},
            new String[]{"java/lang/Runnable", "threads are not deterministic"},
            new String[]{"java/lang/InheritableThreadLocal", "threads are not deterministic"},
            new String[]{"java/util/concurrent/", "threads and concurrency are not deterministic"},
            new String[]{"java/util/Timer", "threads are not deterministic"},
            new String[]{"java/lang/Object.wait", "threads and monitors are not deterministic"},
            new String[]{"java/lang/Object.notify", "threads and monitors are not deterministic"},
            new String[]{"java/util/Arrays.parallel", "threads are not deterministic"},
            new String[]{"java/lang/Object.finalize", "finalizers run at the garbage collector's whim"},
            new String[]{"java/lang/ref/", "references observe the garbage collector, which is not deterministic"},
            new String[]{"java/lang/Object.getClass", "reflection is not allowed"},
            new String[]{"java/lang/Class.desiredAssertionStatus",
                    "assertions depend on the node's -ea flag, which is not deterministic"},
            new String[]{"java/lang/Class.forName", "class loading and reflection are not allowed"},
            new String[]{"java/lang/ClassLoader", "class loading is not allowed"},
            new String[]{"java/util/ServiceLoader", "class loading is not allowed"},
            new String[]{"java/lang/ModuleLayer", "class loading is not allowed"},
            new String[]{"java/lang/Class", "reflection is not allowed"},
            new String[]{"java/lang/reflect/", "reflection is not allowed"},
            new String[]{"java/lang/invoke/", "reflection (method handles) is not allowed"},
            new String[]{"java/lang/Module", "reflection is not allowed"},
            new String[]{"java/lang/StackWalker", "reflection is not allowed"},
            new String[]{"java/io/", "I/O is not allowed"},
            new String[]{"java/nio/", "I/O is not allowed"},
            new String[]{"java/net/", "I/O is not allowed"},
            new String[]{"java/sql/", "I/O is not allowed"},
            new String[]{"java/util/Scanner", "I/O is not allowed"},
            new String[]{"java/util/logging/", "I/O is not allowed"},
            new String[]{"java/util/HashMap", "iteration order follows hashes; use TreeMap or LinkedHashMap"},
            new String[]{"java/util/HashSet", "iteration order follows hashes; use TreeSet or LinkedHashSet"},
            new String[]{"java/util/Hashtable", "iteration order follows hashes; use TreeMap or LinkedHashMap"},
            new String[]{"java/util/IdentityHashMap", IDENTITY_HASH},
            new String[]{"java/util/WeakHashMap", "references observe the garbage collector, which is not deterministic"},
            new String[]{"java/util/Set.of", "Set.of iterates in an order salted per JVM start; use TreeSet or LinkedHashSet"},
            new String[]{"java/util/Set.copyOf", "Set.copyOf iterates in an order salted per JVM start"},
            new String[]{"java/util/Map.of", "Map.of iterates in an order salted per JVM start; use TreeMap or LinkedHashMap"},
            new String[]{"java/util/Map.copyOf", "Map.copyOf iterates in an order salted per JVM start"},
            new String[]{"java/util/Locale", "depends on the node's default locale"},
            new String[]{"java/util/Formatter", "depends on the node's default locale"},
            new String[]{"java/text/", "depends on the node's default locale"},
            new String[]{"java/lang/String.format", "depends on the node's default locale"},
            new String[]{"java/lang/String.toLowerCase", "depends on the node's default locale"},
            new String[]{"java/lang/String.toUpperCase", "depends on the node's default locale"},
            new String[]{"java/lang/String.getBytes", "depends on the node's default charset; pass StandardCharsets.UTF_8"},
            new String[]{"java/lang/String.<init>", "depends on the node's default charset; pass StandardCharsets.UTF_8"},
            new String[]{"java/util/regex/", "regular expressions backtrack without paying gas"},
            new String[]{"java/lang/String.matches", "regular expressions backtrack without paying gas"},
            new String[]{"java/lang/String.replaceAll", "regular expressions backtrack without paying gas"},
            new String[]{"java/lang/String.replaceFirst", "regular expressions backtrack without paying gas"},
            new String[]{"java/lang/String.split", "regular expressions backtrack without paying gas"},
            new String[]{"java/lang/String.repeat", "allocates in proportion to its argument without paying gas"},
            new String[]{"java/lang/String.join", "allocates in proportion to its arguments without paying gas"},
            new String[]{"java/util/Collections.nCopies", "allocates in proportion to its argument without paying gas"},
            new String[]{"java/util/stream/", "streams are not on the allow-list (parallel streams use threads)"});

    static {
        String[] sharedExceptionMembers = {"<init>", "getMessage", "getLocalizedMessage", "getCause", "initCause",
                "addSuppressed", "getSuppressed"};
        allow("java/lang/Object", only("<init>()V", "equals"));
        allow("java/lang/String", except("format", "formatted", "toLowerCase", "toUpperCase", "getBytes()[B",
                "getBytes(Ljava/lang/String;)[B", "<init>([B)V", "<init>([BII)V", "<init>([BI)V", "<init>([BIII)V",
                "<init>([BLjava/lang/String;)V", "<init>([BIILjava/lang/String;)V", "intern", "repeat", "join",
                "matches", "replaceAll", "replaceFirst", "split", "splitWithDelimiters",
                "replace(Ljava/lang/CharSequence;Ljava/lang/CharSequence;)Ljava/lang/String;",
                "valueOf(Ljava/lang/Object;)Ljava/lang/String;", "chars", "codePoints", "lines",
                "describeConstable", "resolveConstantDesc"));
        allow("java/lang/StringBuilder", except("append(Ljava/lang/Object;)Ljava/lang/StringBuilder;",
                "insert(ILjava/lang/Object;)Ljava/lang/StringBuilder;", "chars", "codePoints", "repeat"));
        allow("java/lang/CharSequence", except("chars", "codePoints"));
        for (String box : new String[]{"Integer", "Long", "Short", "Byte", "Character", "Boolean", "Double", "Float",
                "Number"}) {
            allow("java/lang/" + box, except("getInteger", "getLong", "getBoolean", "describeConstable",
                    "resolveConstantDesc"));
        }
        allow("java/lang/Math", except("random", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "exp", "log",
                "log10", "pow", "cbrt", "sinh", "cosh", "tanh", "hypot", "expm1", "log1p"));
        allow("java/lang/StrictMath", except("random"));
        allow("java/lang/Enum", only("<init>", "name", "ordinal", "compareTo", "equals", "valueOf"));
        allow("java/lang/Record", only("<init>()V"));
        allow("java/lang/Comparable", except());
        allow("java/lang/Iterable", except("spliterator"));
        allow("java/lang/NoSuchFieldError", only());
        for (String exception : new String[]{"java/lang/Throwable", "java/lang/Exception", "java/lang/RuntimeException",
                "java/lang/IllegalArgumentException", "java/lang/IllegalStateException",
                "java/lang/ArithmeticException", "java/lang/IndexOutOfBoundsException",
                "java/lang/ArrayIndexOutOfBoundsException", "java/lang/StringIndexOutOfBoundsException",
                "java/lang/NullPointerException", "java/lang/UnsupportedOperationException",
                "java/lang/NumberFormatException", "java/lang/ClassCastException",
                "java/lang/NegativeArraySizeException", "java/lang/ArrayStoreException", "java/lang/MatchException",
                "java/util/NoSuchElementException", "java/util/ConcurrentModificationException"}) {
            allow(exception, only(sharedExceptionMembers));
        }
        String[] collectionExclusions = {"spliterator", "stream", "parallelStream", "clone", "newHashMap",
                "newLinkedHashMap", "newHashSet", "newLinkedHashSet", "<init>(IF)V", "<init>(IFZ)V"};
        for (String collection : new String[]{"ArrayList", "LinkedList", "ArrayDeque", "TreeMap", "TreeSet",
                "LinkedHashMap", "LinkedHashSet", "Collection", "List", "Deque", "Queue", "SortedMap", "NavigableMap",
                "SortedSet", "NavigableSet", "SequencedCollection", "SequencedMap", "SequencedSet", "Iterator",
                "ListIterator", "Map$Entry", "Optional", "OptionalInt", "OptionalLong", "Comparator", "HexFormat",
                "Base64", "Base64$Encoder", "Base64$Decoder", "StringJoiner", "AbstractMap$SimpleImmutableEntry"}) {
            allow("java/util/" + collection, except(collectionExclusions));
        }
        allow("java/util/Map", except("of", "ofEntries", "copyOf"));
        allow("java/util/Set", except("of", "copyOf", "spliterator", "stream", "parallelStream"));
        allow("java/util/Arrays", except("parallelSort", "parallelPrefix", "parallelSetAll", "spliterator", "stream",
                "hashCode([Ljava/lang/Object;)I", "deepHashCode", "toString([Ljava/lang/Object;)Ljava/lang/String;",
                "deepToString"));
        allow("java/util/Collections", except("shuffle", "nCopies", "synchronizedCollection", "synchronizedList",
                "synchronizedMap", "synchronizedSet", "synchronizedSortedMap", "synchronizedSortedSet",
                "synchronizedNavigableMap", "synchronizedNavigableSet"));
        allow("java/util/Objects", except("hash", "hashCode", "toString", "toIdentityString"));
        allow("java/lang/System", only("arraycopy"));
        allow("java/nio/charset/StandardCharsets", except());
        allow("java/nio/charset/Charset", only());
    }

    private JdkAllowList() {
    }

    /** Whether a contract may name this class (internal name, no array dimensions) at all. */
    static boolean allowsType(String internalName) {
        return rule(internalName) != null;
    }

    /**
     * Why a contract may not use {@code owner.name desc} of a JDK or API class; null if it may.
     * {@code hashCode()} and {@code toString()} are judged by owner: only value classes qualify.
     */
    static String refuseMember(String owner, String name, String desc) {
        if (name.equals("hashCode") && desc.equals("()I")) {
            return HASH_OWNERS.contains(owner) ? null : IDENTITY_HASH;
        }
        if (name.equals("toString") && desc.equals("()Ljava/lang/String;")) {
            return TEXT_OWNERS.contains(owner) ? null : IDENTITY_HASH;
        }
        MemberRule rule = rule(owner);
        if (rule != null && rule.allows(name, desc)) {
            return null;
        }
        return reason(owner, name);
    }

    /** Why a contract may not name this JDK class. */
    static String refuseType(String internalName) {
        return allowsType(internalName) ? null : reason(internalName, "");
    }

    /** Whether {@code toString()} of this JDK or API owner shows only its value. */
    static boolean printsValue(String owner) {
        return TEXT_OWNERS.contains(owner);
    }

    static boolean sizedByLastInt(String owner, String name, String desc) {
        return SIZED_BY_LAST_INT.contains(owner + "." + name) || SIZED_BY_LAST_INT.contains(owner + "." + name + desc);
    }

    private static MemberRule rule(String owner) {
        MemberRule rule = RULES.get(owner);
        if (rule == null && owner.startsWith(FUNCTIONAL_INTERFACES) && owner.indexOf('/', FUNCTIONAL_INTERFACES.length()) < 0) {
            return MemberRule.ALL;
        }
        if (rule == null && owner.startsWith(CONTRACT_API) && owner.indexOf('/', CONTRACT_API.length()) < 0) {
            return MemberRule.ALL;
        }
        return rule;
    }

    private static String reason(String owner, String name) {
        String member = owner + "." + name;
        for (String[] entry : REASONS) {
            if (member.startsWith(entry[0]) || owner.startsWith(entry[0])) {
                return entry[1];
            }
        }
        return "not on the allow-list of JDK classes and members";
    }

    private static void allow(String owner, MemberRule rule) {
        RULES.put(owner, rule);
    }

    private static MemberRule only(String... members) {
        return new MemberRule(false, Set.of(members));
    }

    private static MemberRule except(String... members) {
        return new MemberRule(true, Set.of(members));
    }

    /**
     * Members listed by name (any descriptor) or by name and descriptor; {@code allByDefault}
     * says whether the list is of exceptions or of the only members allowed.
     */
    private record MemberRule(boolean allByDefault, Set<String> listed) {
        static final MemberRule ALL = new MemberRule(true, Set.of());

        boolean allows(String name, String desc) {
            boolean listedMember = listed.contains(name) || listed.contains(name + desc);
            return allByDefault != listedMember;
        }
    }
}
