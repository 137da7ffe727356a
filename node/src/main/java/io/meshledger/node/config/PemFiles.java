package io.meshledger.node.config;

import io.meshledger.core.crypto.CryptoException;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.identity.Certificates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Certificates and private keys on disk, PEM-encoded. Private keys are created with mode 0600. */
public final class PemFiles {
    private PemFiles() {
    }

    public static void writeCertificate(Path file, byte[] der) {
        write(file, Certificates.toPem(Certificates.CERTIFICATE, der), false);
    }

    /** Writes a PKCS#8 key; the file is created owner-only (0600) before any byte is written. */
    public static void writePrivateKey(Path file, SigningKey key) {
        write(file, Certificates.toPem(Certificates.PRIVATE_KEY, key.toPkcs8()), true);
    }

    public static byte[] readCertificate(Path file) {
        try {
            return Certificates.fromPem(Certificates.CERTIFICATE, read(file));
        } catch (CryptoException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    public static SigningKey readPrivateKey(Path file) {
        try {
            return SigningKey.fromPkcs8(Certificates.fromPem(Certificates.PRIVATE_KEY, read(file)));
        } catch (CryptoException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String text, boolean secret) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            if (secret) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
