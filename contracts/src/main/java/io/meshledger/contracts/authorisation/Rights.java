package io.meshledger.contracts.authorisation;

import io.meshledger.contracts.support.Checks;
import io.meshledger.contracts.support.Fail;
import io.meshledger.proto.v1.Grant;
import io.meshledger.proto.v1.Grantee;
import io.meshledger.proto.v1.Right;
import java.util.List;

/** The order of rights, and checks on rights and grantees in arguments. */
final class Rights {
    /** Strongest first: the order in which {@code check} looks for a grant, so the reported grant is stable. */
    static final List<Right> STRONGEST_FIRST = List.of(Right.RIGHT_ADMIN, Right.RIGHT_WRITE, Right.RIGHT_READ);

    private Rights() {
    }

    /** ADMIN ⊃ WRITE ⊃ READ: a writer can read what it wrote; an admin can do what it hands out. */
    static boolean implies(Right held, Right wanted) {
        return held.getNumber() >= wanted.getNumber();
    }

    static Right grantable(Right right) {
        if (!STRONGEST_FIRST.contains(right)) {
            throw Fail.invalid("right must be RIGHT_READ, RIGHT_WRITE or RIGHT_ADMIN, got " + right);
        }
        return right;
    }

    static Grantee grantee(Grantee grantee) {
        switch (grantee.getSubjectCase()) {
            case IDENTITY -> Checks.qualifiedName("grantee identity", grantee.getIdentity());
            case ORGANISATION -> Checks.name("grantee organisation", grantee.getOrganisation());
            default -> throw Fail.invalid("grantee must name an identity (org/name) or an organisation");
        }
        return grantee;
    }

    /** In force after block {@code height}: granted at or before it and not revoked at or before it. */
    static boolean inForceAt(Grant grant, long height) {
        return Long.compareUnsigned(grant.getGrantedHeight(), height) <= 0
                && (!grant.getRevoked() || Long.compareUnsigned(grant.getRevokedHeight(), height) > 0);
    }

    static String describe(Grantee grantee) {
        return grantee.hasIdentity() ? "identity " + grantee.getIdentity() : "organisation " + grantee.getOrganisation();
    }
}
