package io.meshledger.client;

import io.meshledger.proto.v1.CheckResult;
import io.meshledger.proto.v1.Grant;

import static io.meshledger.client.ContractArgs.AUTHORISATION;

/**
 * The {@code authorisation} system contract: rights on datasets, granted and
 * revoked by their owners (or admins), and checks of who may do what. Writes
 * wait for their commit and throw {@link TransactionFailedException} with the
 * contract's failure code if they fail. Thread-safe.
 */
public final class AuthorisationClient {
    private final MeshledgerClient client;

    AuthorisationClient(MeshledgerClient client) {
        this.client = client;
    }

    /** Grants {@code right} on {@code dataset} to {@code subject}; the result is the grant recorded. */
    public WriteResult<Grant> grant(String dataset, Subject subject, AccessRight right) {
        return client.write(AUTHORISATION, "grant", ContractArgs.grant(dataset, subject, right), Grant.parser());
    }

    /** Revokes a grant made earlier; the result is the grant, now marked revoked. */
    public WriteResult<Grant> revoke(String dataset, Subject subject, AccessRight right) {
        return client.write(AUTHORISATION, "revoke", ContractArgs.grant(dataset, subject, right), Grant.parser());
    }

    /** Whether {@code who} may exercise {@code right} on {@code dataset} now, and on what basis. */
    public CheckResult check(String dataset, Subject.Identity who, AccessRight right) {
        return client.call(AUTHORISATION, "check", ContractArgs.check(dataset, who, right), CheckResult.parser());
    }
}
