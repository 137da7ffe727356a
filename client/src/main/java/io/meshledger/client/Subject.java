package io.meshledger.client;

import java.util.Objects;

/** Whom a grant is for: one identity, or every identity of an organisation. */
public sealed interface Subject {
    /**
     * One identity, named as the contracts name it: {@code org/name}.
     *
     * @param org  its organisation
     * @param name its common name, e.g. {@code auditor}
     */
    record Identity(String org, String name) implements Subject {
        /** Refuses empty parts and parts containing '/'. */
        public Identity {
            requireName(org, "org");
            requireName(name, "name");
        }

        /** {@code org/name}. */
        public String qualifiedName() {
            return org + "/" + name;
        }

        @Override
        public String toString() {
            return qualifiedName();
        }
    }

    /**
     * Every identity of an organisation.
     *
     * @param name the organisation's name
     */
    record Organisation(String name) implements Subject {
        /** Refuses an empty name or one containing '/'. */
        public Organisation {
            requireName(name, "name");
        }
    }

    /** The identity {@code org/name}. */
    static Identity identity(String org, String name) {
        return new Identity(org, name);
    }

    /** The identity written {@code org/name}, e.g. {@code org1/auditor}. */
    static Identity identity(String qualifiedName) {
        int slash = qualifiedName.indexOf('/');
        if (slash <= 0 || slash != qualifiedName.lastIndexOf('/') || slash == qualifiedName.length() - 1) {
            throw new IllegalArgumentException("expected <org>/<name>, got '" + qualifiedName + "'");
        }
        return new Identity(qualifiedName.substring(0, slash), qualifiedName.substring(slash + 1));
    }

    /** Every identity of organisation {@code name}. */
    static Organisation organisation(String name) {
        return new Organisation(name);
    }

    private static void requireName(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.contains("/")) {
            throw new IllegalArgumentException(what + " must be non-empty and contain no '/', got '" + value + "'");
        }
    }
}
