package io.meshledger.node.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every key a {@code node.yaml} may hold, by the mapping it belongs to, and the
 * nearest known key for one that is not, so a typo is answered with the key
 * that was meant rather than silently ignored.
 */
final class NodeYamlKeys {
    /** Known keys by the path of their mapping ({@code ""} is the top level), in the order the file lists them. */
    private static final Map<String, List<String>> KNOWN = Map.of(
            "", List.of("node", "org", "genesis", "data_dir", "identity", "peer_listen", "api_listen",
                    "metrics_listen", "mempool", "storage"),
            "identity", List.of("certificate", "key"),
            "mempool", List.of("capacity", "max_bytes"),
            "storage", List.of("block_cache_mb"));

    /** A known key the unknown one probably meant: same mapping when {@code sameLevel}, else elsewhere. */
    record Suggestion(String path, boolean sameLevel) {
    }

    private NodeYamlKeys() {
    }

    /** The known keys of the mapping at {@code parent}. */
    static List<String> known(String parent) {
        return KNOWN.getOrDefault(parent, List.of());
    }

    static boolean isKnown(String parent, String key) {
        return known(parent).contains(key);
    }

    /**
     * The key most likely meant by {@code key} in the mapping at {@code parent}:
     * a close spelling in the same mapping first (one or two edits, case, dashes,
     * or an abbreviation), else the same name under another mapping (a key
     * written at the wrong level).
     */
    static Optional<Suggestion> nearest(String parent, String key) {
        String wanted = normalise(key);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known(parent)) {
            int d = distance(wanted, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= allowedEdits(wanted)) {
            return Optional.of(new Suggestion(path(parent, best), true));
        }
        for (String candidate : known(parent)) {
            if (isAbbreviation(wanted, candidate)) {
                return Optional.of(new Suggestion(path(parent, candidate), true));
            }
        }
        for (String elsewhere : allPaths()) {
            String leaf = elsewhere.substring(elsewhere.lastIndexOf('.') + 1);
            boolean sameMapping = parentOf(elsewhere).equals(parent);
            if (!sameMapping && (wanted.equals(leaf) || wanted.equals(elsewhere) || distance(wanted, elsewhere) <= 1)) {
                return Optional.of(new Suggestion(elsewhere, false));
            }
        }
        return Optional.empty();
    }

    static String path(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    private static String parentOf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    private static List<String> allPaths() {
        List<String> out = new ArrayList<>();
        for (String parent : List.of("", "identity", "mempool", "storage")) {
            for (String key : KNOWN.get(parent)) {
                if (!KNOWN.containsKey(key)) {
                    out.add(path(parent, key));
                }
            }
        }
        return out;
    }

    /** Case and dash-versus-underscore slips are not spelling mistakes: compare without them. */
    private static String normalise(String key) {
        return key.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Short keys tolerate one edit, longer ones two: "org" to "orb" is a slip, "org" to "key" is not. */
    private static int allowedEdits(String key) {
        return key.length() <= 4 ? 1 : 2;
    }

    /** "cert" for "certificate", "max" for "max_bytes": a leading part of at least three letters. */
    private static boolean isAbbreviation(String key, String candidate) {
        return key.length() >= 3 && candidate.startsWith(key);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
