package io.meshledger.client;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.proto.v1.Attestation;
import io.meshledger.proto.v1.AttestationList;
import io.meshledger.proto.v1.IdentityAttestation;
import io.meshledger.proto.v1.IdentityAttestationList;

import java.util.Optional;
import java.util.stream.Stream;

import static io.meshledger.client.ContractArgs.ATTESTATION;

/**
 * The {@code attestation} system contract: notarise a hash or an identity
 * claim, and list who attested what and when. Writes wait for their commit
 * and throw {@link TransactionFailedException} with the contract's failure
 * code if they fail. Thread-safe.
 */
public final class AttestationClient {
    private static final int PAGE = 100;

    private final MeshledgerClient client;

    AttestationClient(MeshledgerClient client) {
        this.client = client;
    }

    /** Attests a SHA-256 hash with a claim and a pointer to evidence (either may be empty). */
    public WriteResult<Attestation> attest(Hash hash, String claim, String evidence) {
        return client.write(ATTESTATION, "attest", ContractArgs.attest(hash, claim, evidence), Attestation.parser());
    }

    /** Attests the SHA-256 of {@code content}, computed here; the content itself is not sent. */
    public WriteResult<Attestation> attestContent(byte[] content, String claim, String evidence) {
        return attest(Hashing.sha256(content), claim, evidence);
    }

    /**
     * Attests a claim about an identity of this identity's own organisation;
     * only an administrator of that organisation may.
     */
    public WriteResult<IdentityAttestation> attestIdentity(Subject.Identity subject, String claim, String evidence) {
        return client.write(ATTESTATION, "attest_identity", ContractArgs.attestIdentity(subject, claim, evidence),
                IdentityAttestation.parser());
    }

    /** Every attestation of {@code hash}, oldest first (none: nobody attested it). */
    public Stream<Attestation> attestations(Hash hash) {
        return Pages.stream(0L, after -> {
            AttestationList list = client.call(ATTESTATION, "list", ContractArgs.listAttestations(hash, after, PAGE),
                    AttestationList.parser());
            return new Pages.Page<>(list.getAttestationsList(), next(list.getNextStartAfterSeq(),
                    list.getAttestationsCount()));
        });
    }

    /** Every attestation about the identity {@code subject}, oldest first. */
    public Stream<IdentityAttestation> identityAttestations(Subject.Identity subject) {
        return Pages.stream(0L, after -> {
            IdentityAttestationList list = client.call(ATTESTATION, "list_identity",
                    ContractArgs.listIdentity(subject, after, PAGE), IdentityAttestationList.parser());
            return new Pages.Page<>(list.getAttestationsList(), next(list.getNextStartAfterSeq(),
                    list.getAttestationsCount()));
        });
    }

    private static Optional<Long> next(long nextStartAfter, int count) {
        return nextStartAfter == 0 || count == 0 ? Optional.empty() : Optional.of(nextStartAfter);
    }
}
