package io.meshledger.client;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.identity.CertificateAuthority;
import io.meshledger.core.identity.Certificates;
import io.meshledger.core.identity.Role;
import io.meshledger.core.tx.Sender;
import io.meshledger.core.tx.SignedTransaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransactionFactoryTest {
    static final SecureRandom RANDOM = new SecureRandom();

    static ClientIdentity newIdentity(SigningKey key) throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("org1",
                SigningKey.generate(SignatureAlgorithm.ECDSA_P256, RANDOM), Instant.now().minusSeconds(60),
                Duration.ofDays(1), RANDOM);
        byte[] der = ca.issue(Role.USER, "publisher", key.publicKey(), Instant.now().minusSeconds(60),
                Duration.ofDays(1), List.of()).getEncoded();
        return new ClientIdentity(Bytes.wrap(der), key);
    }

    @Test
    void transactionsAreSignedByTheIdentityAndDecodeBackIdentically() throws Exception {
        ClientIdentity id = newIdentity(SigningKey.generate(SignatureAlgorithm.ED25519, RANDOM));
        TransactionFactory f = new TransactionFactory("c1", id, RANDOM);
        SignedTransaction tx = f.create("publication", "publish", new byte[] {1, 2, 3}, 77);
        SignedTransaction decoded = SignedTransaction.decode(tx.encode());
        assertEquals(tx.id(), decoded.id());
        assertEquals(77, decoded.decoded().expiryHeight());
        assertEquals(new Sender.Certificate(id.certificate()), decoded.decoded().sender());
        assertArrayEquals(new byte[] {1, 2, 3}, decoded.decoded().args().toArray());
        assertTrue(id.key().publicKey().verify(tx.id().unsafeArray(), tx.signature().toArray()));
    }

    @Test
    void equalCallsGetDistinctNoncesAndIds() throws Exception {
        TransactionFactory f = new TransactionFactory("c1",
                newIdentity(SigningKey.generate(SignatureAlgorithm.ED25519, RANDOM)), RANDOM);
        assertNotEquals(f.create("a", "b", new byte[0], 5).id(), f.create("a", "b", new byte[0], 5).id());
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsRefused() throws Exception {
        ClientIdentity id = newIdentity(SigningKey.generate(SignatureAlgorithm.ED25519, RANDOM));
        SigningKey other = SigningKey.generate(SignatureAlgorithm.ED25519, RANDOM);
        assertThrows(IllegalArgumentException.class, () -> new ClientIdentity(id.certificate(), other));
    }

    @Test
    void identitiesLoadFromTheFilesNetworkInitWrites(@TempDir Path dir) throws Exception {
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, RANDOM);
        ClientIdentity id = newIdentity(key);
        Files.writeString(dir.resolve("cert.pem"), Certificates.toPem(Certificates.CERTIFICATE, id.certificate().toArray()));
        Files.writeString(dir.resolve("key.pem"), Certificates.toPem(Certificates.PRIVATE_KEY, key.toPkcs8()));
        ClientIdentity loaded = ClientIdentity.load(dir);
        assertEquals(id.id(), loaded.id());
        assertEquals(key.publicKey(), loaded.key().publicKey());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ClientIdentity.load(dir.resolve("nobody")));
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
    }
}
