package io.meshledger.node.network;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.block.LedgerDigest;
import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.tx.Sender;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;
import io.meshledger.node.consensus.ConsensusMessage;
import io.meshledger.node.consensus.Proposal;
import io.meshledger.node.consensus.QuorumCertificate;
import io.meshledger.node.consensus.SignedTimeout;
import io.meshledger.node.consensus.TimeoutCertificate;
import io.meshledger.node.consensus.TimeoutData;
import io.meshledger.node.consensus.TimeoutMessage;
import io.meshledger.node.consensus.Vote;
import io.meshledger.node.consensus.VoteData;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Seeded random consensus values: structurally valid, cryptographically meaningless. */
final class RandomConsensus {
    private final Random random;
    private final String chainId;

    RandomConsensus(long seed) {
        this.random = new Random(seed);
        this.chainId = "chain-" + random.nextInt(1000);
    }

    Random random() {
        return random;
    }

    Hash hash() {
        byte[] b = new byte[Hash.LENGTH];
        random.nextBytes(b);
        return Hash.of(b);
    }

    Bytes bytes(int min, int max) {
        byte[] b = new byte[min + random.nextInt(max - min + 1)];
        random.nextBytes(b);
        return Bytes.wrap(b);
    }

    long number() {
        return random.nextBoolean() ? random.nextInt(1000) : random.nextLong() & Long.MAX_VALUE;
    }

    ValidatorSignature signature() {
        return new ValidatorSignature(new IdentityId(hash()), bytes(1, 72));
    }

    List<ValidatorSignature> signatures(int max) {
        List<ValidatorSignature> list = new ArrayList<>();
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            list.add(signature());
        }
        return list;
    }

    VoteData voteData(long round) {
        long parentRound = round == 0 ? random.nextInt(3) : (long) (random.nextDouble() * round);
        return new VoteData(chainId, random.nextInt(5), round, random.nextInt(1_000_000), hash(), hash(), parentRound);
    }

    QuorumCertificate qc(long round) {
        return new QuorumCertificate(voteData(round), signatures(7));
    }

    TimeoutData timeoutData(long epoch, long round) {
        return new TimeoutData(chainId, epoch, round, (long) (random.nextDouble() * round));
    }

    SignedTimeout signedTimeout(long epoch, long round) {
        return new SignedTimeout(timeoutData(epoch, round), signature());
    }

    TimeoutCertificate tc(long epoch, long round) {
        List<SignedTimeout> timeouts = new ArrayList<>();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            timeouts.add(signedTimeout(epoch, round));
        }
        return new TimeoutCertificate(epoch, round, timeouts);
    }

    SignedTransaction transaction() {
        Sender sender = random.nextBoolean()
                ? new Sender.KeyId(hash().toBytes())
                : new Sender.Certificate(bytes(1, 300));
        TransactionBody body = new TransactionBody(chainId, sender, "publication", "publish", bytes(0, 200),
                bytes(16, 32), 1 + random.nextInt(10_000));
        byte[] encoded = body.encode();
        return new SignedTransaction(Bytes.wrap(encoded), bytes(1, 72), SignedTransaction.idOf(encoded), body);
    }

    Block block(long round) {
        BlockHeader header = new BlockHeader(chainId, random.nextInt(5), 1 + random.nextInt(1_000_000), round, hash(),
                hash(), hash(), random.nextInt(1_000_000), Math.abs(random.nextLong() >> 20), hash().toBytes());
        List<SignedTransaction> txs = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            txs.add(transaction());
        }
        return Block.create(header, txs);
    }

    Proposal proposal() {
        long round = 1 + random.nextInt(10_000);
        Optional<TimeoutCertificate> tc = round > 1 && random.nextBoolean()
                ? Optional.of(tc(random.nextInt(5), round - 1))
                : Optional.empty();
        return new Proposal(block(round), qc(round - 1), tc, signature());
    }

    Vote vote() {
        return new Vote(voteData(1 + random.nextInt(10_000)), signature());
    }

    TimeoutMessage timeoutMessage() {
        long round = 1 + random.nextInt(10_000);
        SignedTimeout timeout = signedTimeout(random.nextInt(5), round);
        return new TimeoutMessage(timeout, qc(timeout.data().highQcRound()));
    }

    ConsensusMessage message() {
        return switch (random.nextInt(3)) {
            case 0 -> proposal();
            case 1 -> vote();
            default -> timeoutMessage();
        };
    }

    CertifiedBlock certifiedBlock() {
        Block block = block(1 + random.nextInt(10_000));
        Optional<LedgerCertificate> certificate = Optional.empty();
        if (random.nextBoolean()) {
            LedgerDigest digest = new LedgerDigest(chainId, block.header().epoch(), block.height(), block.hash(),
                    hash(), random.nextInt(1_000_000), hash(), block.header().timestampMs());
            certificate = Optional.of(LedgerCertificate.of(digest, signatures(7)));
        }
        return new CertifiedBlock(block, qc(block.header().round() + 1), certificate);
    }
}
