package io.meshledger.contracts.support;

import io.meshledger.contracts.Caller;
import io.meshledger.proto.v1.Identity;

/** Converts callers to the {@link Identity} message the contracts record. */
public final class Identities {
    private Identities() {
    }

    public static Identity of(Caller caller) {
        return Identity.newBuilder().setId(caller.id()).setOrg(caller.org()).setName(caller.name()).build();
    }

    /** {@code org/name}, matched against {@link Caller#qualifiedName()}. */
    public static String qualifiedName(Identity identity) {
        return identity.getOrg() + "/" + identity.getName();
    }
}
