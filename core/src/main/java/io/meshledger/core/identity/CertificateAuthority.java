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

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

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
     * @param dnsNames subject alternative names (nodes: {@code localhost}); IP 127.0.0.1 is always added for nodes
     */
    public X509CertificateHolder issue(Role role, String commonName, PublicKeyInfo subjectKey, Instant notBefore,
                                       Duration validity, List<String> dnsNames) {
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
                GeneralName[] names = new GeneralName[dnsNames.size() + 1];
                for (int i = 0; i < dnsNames.size(); i++) {
                    names[i] = new GeneralName(GeneralName.dNSName, dnsNames.get(i));
                }
                names[dnsNames.size()] = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            } else {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }
        } catch (CertIOException e) {
            throw new CryptoException("cannot build certificate for " + commonName, e);
        }
        return b.build(new KeyContentSigner(key));
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
