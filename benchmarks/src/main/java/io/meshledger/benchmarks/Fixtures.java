package io.meshledger.benchmarks;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.identity.CertificateAuthority;
import io.meshledger.core.identity.MembershipValidator;
import io.meshledger.core.identity.Role;
import io.meshledger.core.tx.Sender;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A one-organisation consortium and signed transactions for benchmarks. */
final class Fixtures {
    static final String CHAIN = "bench-chain";

    final CertificateAuthority ca;
    final SigningKey userKey;
    final Bytes userCertificate;
    private final SplittableRandom random = new SplittableRandom(1);

    Fixtures(SignatureAlgorithm userAlgorithm) {
        SecureRandom sr = new SecureRandom();
        ca = CertificateAuthority.create("org1", SigningKey.generate(SignatureAlgorithm.ECDSA_P256, sr),
                Instant.now().minusSeconds(3600), Duration.ofDays(30), sr);
        userKey = SigningKey.generate(userAlgorithm, sr);
        try {
            userCertificate = Bytes.wrap(ca.issue(Role.USER, "publisher", userKey.publicKey(),
                    Instant.now().minusSeconds(3600), Duration.ofDays(30), List.of()).getEncoded());
            caDer = Bytes.wrap(ca.certificate().getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final Bytes caDer;

    MembershipValidator members() {
        return new MembershipValidator(Map.of("org1", caDer), 10_000);
    }

    /** Transactions with {@code payload}-byte arguments, expiring at {@code expiry}. */
    List<SignedTransaction> transactions(int count, int payload, long expiry) {
        List<SignedTransaction> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] args = new byte[payload];
            random.nextBytes(args);
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            out.add(SignedTransaction.sign(new TransactionBody(CHAIN, new Sender.Certificate(userCertificate),
                    "publication", "publish", Bytes.wrap(args), Bytes.wrap(nonce), expiry), userKey));
        }
        return out;
    }
}
