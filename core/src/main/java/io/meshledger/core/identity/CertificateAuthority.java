package io.meshledger.core.identity;

import io.meshledger.core.crypto.CryptoException;
import io.meshledger.core.crypto.PublicKeyInfo;
import io.meshledger.core.crypto.SigningKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.util.IPAddress;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An organisation's certificate authority: a self-signed root that issues node,
 * admin and user certificates. Certificates name the organisation in O, the
 * role in OU and the member in CN.
 */
public final class CertificateAuthority {
    private final String org;
    private final SigningKey key;
    private final X509CertificateHolder certificate;
    private final SecureRandom random;

    private CertificateAuthority(String org, SigningKey key, X509CertificateHolder certificate, SecureRandom random) {
        this.org = org;
        this.key = key;
        this.certificate = certificate;
        this.random = random;
    }

    /** Creates a new self-signed root for {@code org}, valid from {@code notBefore} for {@code validity}. */
    public static CertificateAuthority create(String org, SigningKey key, Instant notBefore, Duration validity,
                                              SecureRandom random) {
        X500Name name = Certificates.subject(org, Role.CA, org + " CA");
        X509v3CertificateBuilder b = builder(name, name, key.publicKey(), notBefore, validity, random);
        try {
            BcX509ExtensionUtils ext = new BcX509ExtensionUtils();
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.publicKey().encoded().unsafeArray());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(spki));
        } catch (CertIOException e) {
            throw new CryptoException("cannot build CA certificate for " + org, e);
        }
        return new CertificateAuthority(org, key, b.build(new KeyContentSigner(key)), random);
    }

    /** Loads an existing CA from its certificate and key. */
    public static CertificateAuthority load(byte[] certificateDer, SigningKey key, SecureRandom random) {
        X509CertificateHolder cert = Certificates.parse(certificateDer);
        if (!PublicKeyInfo.fromSubjectPublicKeyInfo(encoded(cert.getSubjectPublicKeyInfo())).equals(key.publicKey())) {
            throw new CryptoException("CA key does not match the CA certificate");
        }
        return new CertificateAuthority(Certificates.organisation(cert.getSubject()), key, cert, random);
    }

    /**
     * Issues an end-entity certificate.
     *
     * @param altNames subject alternative names of a node certificate, each a DNS name or an IP address literal
     *                 (IPv6 with or without brackets), e.g. {@code localhost} and the host peers dial; IP
     *                 127.0.0.1 is always added for nodes, and a name given twice is written once
     */
    public X509CertificateHolder issue(Role role, String commonName, PublicKeyInfo subjectKey, Instant notBefore,
                                       Duration validity, List<String> altNames) {
        if (role == Role.CA) {
            throw new IllegalArgumentException("a CA issues only end-entity certificates");
        }
        X500Name subject = Certificates.subject(org, role, commonName);
        X509v3CertificateBuilder b = builder(certificate.getSubject(), subject, subjectKey, notBefore, validity, random);
        try {
            BcX509ExtensionUtils ext = new BcX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    ext.createAuthorityKeyIdentifier(certificate.getSubjectPublicKeyInfo()));
            if (role == Role.NODE) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
                b.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(altNames));
            } else {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }
        } catch (CertIOException e) {
            throw new CryptoException("cannot build certificate for " + commonName, e);
        }
        return b.build(new KeyContentSigner(key));
    }

    /** DNS names as dNSName, IP literals as iPAddress (TLS clients match an IP only against the latter). */
    private static GeneralNames subjectAltNames(List<String> altNames) {
        Set<GeneralName> names = new LinkedHashSet<>();
        for (String name : altNames) {
            String bare = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
            names.add(IPAddress.isValid(bare)
                    ? new GeneralName(GeneralName.iPAddress, bare)
                    : new GeneralName(GeneralName.dNSName, name));
        }
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    public String org() {
        return org;
    }

    public X509CertificateHolder certificate() {
        return certificate;
    }

    public SigningKey key() {
        return key;
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKeyInfo key,
                                                    Instant notBefore, Duration validity, SecureRandom random) {
        BigInteger serial = new BigInteger(127, random).add(BigInteger.ONE);
        return new X509v3CertificateBuilder(issuer, serial, Date.from(notBefore), Date.from(notBefore.plus(validity)),
                subject, SubjectPublicKeyInfo.getInstance(key.encoded().unsafeArray()));
    }

    static byte[] encoded(SubjectPublicKeyInfo spki) {
        try {
            return spki.getEncoded("DER");
        } catch (IOException e) {
            throw new CryptoException("cannot encode public key", e);
        }
    }
}
