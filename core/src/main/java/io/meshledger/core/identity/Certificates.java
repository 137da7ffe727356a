package io.meshledger.core.identity;

import io.meshledger.core.crypto.CryptoException;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** PEM and DER encoding of certificates and keys, and subject name helpers. */
public final class Certificates {
    public static final String CERTIFICATE = "CERTIFICATE";
    public static final String PRIVATE_KEY = "PRIVATE KEY";

    private Certificates() {
    }

    public static X509CertificateHolder parse(byte[] der) {
        try {
            return new X509CertificateHolder(der);
        } catch (IOException | RuntimeException e) {
            throw new CryptoException("not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    public static String toPem(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter w = new PemWriter(out)) {
            w.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new CryptoException("cannot write PEM", e);
        }
        return out.toString();
    }

    /** The DER content of the first PEM block of {@code type}. */
    public static byte[] fromPem(String type, String pem) {
        List<byte[]> all = allFromPem(type, pem);
        if (all.isEmpty()) {
            throw new CryptoException("no PEM block of type " + type + " found");
        }
        return all.get(0);
    }

    public static List<byte[]> allFromPem(String type, String pem) {
        List<byte[]> out = new ArrayList<>();
        try (PemReader r = new PemReader(new StringReader(pem))) {
            PemObject o;
            while ((o = r.readPemObject()) != null) {
                if (o.getType().equals(type)) {
                    out.add(o.getContent());
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new CryptoException("malformed PEM: " + e.getMessage(), e);
        }
        return out;
    }

    static X500Name subject(String org, Role role, String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, org)
                .addRDN(BCStyle.OU, role.ou())
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    /** The first value of {@code attribute} in {@code name}, or empty. */
    static String attribute(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier attribute) {
        RDN[] rdns = name.getRDNs(attribute);
        return rdns.length == 0 ? "" : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    static String commonName(X500Name name) {
        return attribute(name, BCStyle.CN);
    }

    static String organisation(X500Name name) {
        return attribute(name, BCStyle.O);
    }

    static String organisationalUnit(X500Name name) {
        return attribute(name, BCStyle.OU);
    }
}
