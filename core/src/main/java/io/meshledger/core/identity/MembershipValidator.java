package io.meshledger.core.identity;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.CryptoException;
import io.meshledger.core.crypto.PublicKeyInfo;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.cert.X509CertificateHolder;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a certificate belongs to the consortium: it must be issued
 * and signed by the CA of the organisation it names, be an end-entity
 * certificate, and be valid at the given instant. Issuer signatures are checked
 * with the same fast verifier as transactions, and successful checks are
 * cached by fingerprint (bounded), so a sender's chain costs one verification,
 * not one per transaction. Thread-safe.
 */
public final class MembershipValidator {
    private final Map<String, Root> roots;
    private final Map<IdentityId, Member> cache = new ConcurrentHashMap<>();
    private final int cacheCapacity;

    private record Root(X509CertificateHolder certificate, PublicKeyInfo key) {
    }

    /**
     * @param rootCertificates DER-encoded CA certificates by organisation name (from genesis)
     * @param cacheCapacity    how many validated certificates to remember
     */
    public MembershipValidator(Map<String, Bytes> rootCertificates, int cacheCapacity) {
        Map<String, Root> m = new LinkedHashMap<>();
        rootCertificates.forEach((org, der) -> {
            X509CertificateHolder cert = Certificates.parse(der.unsafeArray());
            m.put(org, new Root(cert, PublicKeyInfo.fromSubjectPublicKeyInfo(
                    CertificateAuthority.encoded(cert.getSubjectPublicKeyInfo()))));
        });
        this.roots = Map.copyOf(m);
        this.cacheCapacity = cacheCapacity;
    }

    /** Organisations whose roots this validator trusts. */
    public java.util.Set<String> organisations() {
        return roots.keySet();
    }

    /** Validates a DER certificate at instant {@code at}. */
    public MembershipCheck validate(byte[] der, Instant at) {
        Objects.requireNonNull(at, "at");
        IdentityId id = IdentityId.ofCertificate(der);
        Member cached = cache.get(id);
        if (cached != null) {
            return checkValidity(cached, at);
        }
        MembershipCheck check = validateUncached(id, der);
        if (check instanceof MembershipCheck.Valid v) {
            if (cache.size() >= cacheCapacity) {
                cache.clear();
            }
            cache.put(id, v.member());
            return checkValidity(v.member(), at);
        }
        return check;
    }

    /** A certificate validated earlier, looked up by fingerprint. */
    public java.util.Optional<Member> known(IdentityId id) {
        return java.util.Optional.ofNullable(cache.get(id));
    }

    private static MembershipCheck checkValidity(Member m, Instant at) {
        if (!m.validAt(at)) {
            return new MembershipCheck.Invalid("certificate of " + m.qualifiedName() + " is valid from "
                    + m.notBefore() + " to " + m.notAfter() + ", not at " + at);
        }
        return new MembershipCheck.Valid(m);
    }

    private MembershipCheck validateUncached(IdentityId id, byte[] der) {
        X509CertificateHolder cert;
        try {
            cert = Certificates.parse(der);
        } catch (CryptoException e) {
            return new MembershipCheck.Invalid(e.getMessage());
        }
        String org = Certificates.organisation(cert.getSubject());
        Root root = roots.get(org);
        if (root == null) {
            return new MembershipCheck.Invalid("organisation '" + org + "' of " + cert.getSubject() + " is not a consortium member");
        }
        if (!cert.getIssuer().equals(root.certificate().getSubject())) {
            return new MembershipCheck.Invalid("certificate " + cert.getSubject() + " was issued by " + cert.getIssuer()
                    + ", not by the genesis CA of " + org);
        }
        if (!cert.getSignatureAlgorithm().getAlgorithm().equals(KeyContentSigner.oid(root.key().algorithm()))) {
            return new MembershipCheck.Invalid("certificate " + cert.getSubject() + " uses signature algorithm "
                    + cert.getSignatureAlgorithm().getAlgorithm() + ", which does not match the " + org + " CA key");
        }
        if (!issuerSignatureValid(cert, root.key())) {
            return new MembershipCheck.Invalid("certificate " + cert.getSubject() + " is not signed by the genesis CA of " + org);
        }
        BasicConstraints bc = BasicConstraints.fromExtensions(cert.getExtensions());
        if (bc != null && bc.isCA()) {
            return new MembershipCheck.Invalid("certificate " + cert.getSubject() + " is a CA certificate, not a member identity");
        }
        Role role;
        PublicKeyInfo key;
        try {
            role = Role.fromOu(Certificates.organisationalUnit(cert.getSubject()));
            if (role == Role.CA) {
                return new MembershipCheck.Invalid("certificate " + cert.getSubject() + " claims the CA role");
            }
            key = PublicKeyInfo.fromSubjectPublicKeyInfo(CertificateAuthority.encoded(cert.getSubjectPublicKeyInfo()));
        } catch (IllegalArgumentException | CryptoException e) {
            return new MembershipCheck.Invalid("certificate " + cert.getSubject() + ": " + e.getMessage());
        }
        return new MembershipCheck.Valid(new Member(id, org, Certificates.commonName(cert.getSubject()), role, key,
                cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(), Bytes.of(der)));
    }

    private static boolean issuerSignatureValid(X509CertificateHolder cert, PublicKeyInfo issuerKey) {
        Certificate c = cert.toASN1Structure();
        try {
            byte[] tbs = c.getTBSCertificate().getEncoded(ASN1Encoding.DER);
            return issuerKey.verifyCertificateSignature(tbs, c.getSignature().getOctets());
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }
}
