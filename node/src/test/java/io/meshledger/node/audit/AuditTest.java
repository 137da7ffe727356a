package io.meshledger.node.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshledger.contracts.publication.PublicationKeys;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.audit.Finding.Kind;
import io.meshledger.node.cli.Main;
import io.meshledger.node.storage.ReadOnlyLedgerStore;
import io.meshledger.node.storage.StoreTampering;
import io.meshledger.node.storage.StoreUnavailableException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The offline audit over a real ledger (real RocksDB, real execution, real
 * quorum certificates): an untouched ledger passes, and each kind of damage,
 * written straight into RocksDB, is named at exactly the height it belongs to
 * with the kind of check that caught it.
 */
class AuditTest {
    @TempDir
    static Path shared;
    static TestNetwork net;
    static AuditedChain chain;
    static Path pristine;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeChain() {
        net = TestNetwork.create(shared.resolve("net"), 2, 4);
        pristine = shared.resolve("pristine");
        chain = AuditedChain.write(net, pristine);
    }

    @Test
    void anUntouchedLedgerPassesWithEveryCertificateVerifiedAndTheNewestHeightsUncertified() throws IOException {
        List<Long> progress = new ArrayList<>();
        AuditReport report = audit(copy(), new AuditProgress() {
            @Override
            public void heightChecked(long height, long tip, long transactions) {
                progress.add(height);
            }

            @Override
            public void comparingState(String what) {
            }
        });
        assertTrue(report.ok(), () -> "finding: " + report.finding());
        assertEquals(AuditedChain.HEIGHTS, report.tip());
        assertEquals(AuditedChain.HEIGHTS, report.heightsChecked());
        assertEquals(chain.transactions(), report.transactionsChecked());
        assertEquals(AuditedChain.HEIGHTS - AuditedChain.UNCERTIFIED, report.certificatesVerified());
        assertEquals(List.of(new HeightRange(7, 8)), report.uncertified());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), progress);
    }

    @Test
    void theAuditWritesNothingInTheAuditedDirectoryAndDeletesItsReplay() throws IOException {
        Path data = copy();
        Map<String, String> before = snapshot(data);
        Path replay = dir.resolve("replay");
        try (ReadOnlyLedgerStore store = ReadOnlyLedgerStore.open(data, dir.resolve("log"))) {
            assertTrue(new ChainAuditor(store, net.genesis(), replay, AuditProgress.NONE).run().ok());
        }
        assertEquals(before, snapshot(data), "files, sizes and contents of the audited directory");
        assertFalse(Files.exists(replay), "the replay store is deleted");
    }

    @Test
    void aChangedTransactionBodyIsABadBlockAtThatHeight() throws IOException {
        Path data = copy();
        StoreTampering.editBlock(data, 4, bytes -> {
            Block block = Block.decode(bytes);
            byte[] args = block.transactions().get(2).decoded().args().toArray();
            int at = indexOf(bytes, args) + args.length - 1;
            return StoreTampering.flip(bytes, at);
        });
        assertFinding(audit(data), 4, Kind.BLOCK, "transactions hash to root");
    }

    @Test
    void aFlippedSignatureByteIsABadTransactionSignatureAtThatHeight() throws IOException {
        Path data = copy();
        // The block's encoding ends with its last transaction's signature.
        StoreTampering.editBlock(data, 5, bytes -> StoreTampering.flip(bytes, -1));
        assertFinding(audit(data), 5, Kind.TRANSACTION, "signature of transaction 2");
    }

    @Test
    void aFlippedReceiptByteIsAReceiptThatDiffersFromReexecution() throws IOException {
        Path data = copy();
        StoreTampering.editReceipt(data, AuditedChain.FAILED_TX_HEIGHT, 1, bytes -> StoreTampering.flip(bytes, -1));
        assertFinding(audit(data), AuditedChain.FAILED_TX_HEIGHT, Kind.RECEIPT, "stored receipt 1 differs");
    }

    @Test
    void aFlippedStateValueByteNamesTheHeightThatWroteIt() throws IOException {
        Path data = copy();
        byte[] key = PublicationKeys.latest(AuditedChain.DATASET, AuditedChain.recordId(5, 1));
        StoreTampering.editStateValue(data, "publication", key, 5, 1, bytes -> StoreTampering.flip(bytes, -1));
        Finding f = assertFinding(audit(data), 5, Kind.STATE, "stored state value publication/");
        assertTrue(f.detail().contains(AuditedChain.recordId(5, 1)), f.detail());
    }

    @Test
    void aFlippedNewestStateValueByteIsFoundToo() throws IOException {
        Path data = copy();
        byte[] key = PublicationKeys.latest(AuditedChain.DATASET, AuditedChain.recordId(4, 0));
        StoreTampering.editLatestStateValue(data, "publication", key, bytes -> StoreTampering.flip(bytes, -1));
        assertFinding(audit(data), 4, Kind.STATE, "newest state value publication/");
    }

    @Test
    void aDamagedStateTreeNodeIsFoundAtItsVersion() throws IOException {
        Path data = copy();
        StoreTampering.editStateTreeRoot(data, 4, bytes -> StoreTampering.flip(bytes, -1));
        assertFinding(audit(data), 4, Kind.STATE, "state-tree node version 4");
    }

    @Test
    void aStoredStateRootOtherThanTheReexecutedOneIsFound() throws IOException {
        Path data = copy();
        StoreTampering.editStateRoot(data, 6, bytes -> StoreTampering.flip(bytes, 0));
        assertFinding(audit(data), 6, Kind.STATE_ROOT, "differs from the re-executed");
    }

    @Test
    void aFlippedCertificateSignatureByteNamesTheValidatorWhoseSignatureFails() throws IOException {
        Path data = copy();
        // Certificates end with the signature of the third signer.
        StoreTampering.editCertificate(data, 2, bytes -> StoreTampering.flip(bytes, -1));
        String signer = net.genesis().validators().validators().get(2).name();
        assertFinding(audit(data), 2, Kind.CERTIFICATE, "bad signature by validator " + signer);
    }

    @Test
    void aCertificateSignedByAnotherValidatorSetIsRejected() throws IOException {
        Path data = copy();
        TestNetwork other = TestNetwork.create(dir.resolve("other-net"), 2, 4);
        Block block = Block.decode(StoreTampering.block(data, 4));
        LedgerCertificate genuine = storedCertificate(data, 4);
        StoreTampering.putCertificate(data, 4,
                AuditedChain.certificate(net, other, block, genuine.digest().stateRoot()).encode());
        assertFinding(audit(data), 4, Kind.CERTIFICATE, "is not a validator of epoch 0");
    }

    @Test
    void aQuorumCertificateOfAnotherStateRootIsRejected() throws IOException {
        Path data = copy();
        Block block = Block.decode(StoreTampering.block(data, 3));
        Hash otherRoot = Hashing.sha256("another state".getBytes());
        StoreTampering.putCertificate(data, 3, AuditedChain.certificate(net, net, block, otherRoot).encode());
        assertFinding(audit(data), 3, Kind.CERTIFICATE, "re-execution gives");
    }

    @Test
    void aMissingBlockIsNamed() throws IOException {
        Path data = copy();
        StoreTampering.deleteBlock(data, 4);
        AuditReport report = audit(data);
        assertFinding(report, 4, Kind.BLOCK, "the block is missing");
        assertEquals(3, report.heightsChecked(), "the pass stops at the first bad height");
    }

    @Test
    void aTruncatedBlockIsNamedWithoutAStackTrace() throws IOException {
        Path data = copy();
        StoreTampering.editBlock(data, 6, bytes -> java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertFinding(audit(data), 6, Kind.BLOCK, "does not decode");
    }

    @Test
    void anUncertifiedBlockWhoseHashChangedIsBlamedForTheBrokenLinkAbove() throws IOException {
        Path data = copy();
        StoreTampering.editBlock(data, 7, AuditTest::bumpRound);
        assertFinding(audit(data), 7, Kind.CHAIN_LINK, "does not match the parent hash");
    }

    @Test
    void aCertifiedBlockWhoseHeaderChangedIsCaughtByItsCertificate() throws IOException {
        Path data = copy();
        StoreTampering.editBlock(data, 2, AuditTest::bumpRound);
        assertFinding(audit(data), 2, Kind.CERTIFICATE, "names block hash");
    }

    @Test
    void theLowestBadHeightWinsOverEveryCheck() throws IOException {
        Path data = copy();
        StoreTampering.editBlock(data, 6, bytes -> java.util.Arrays.copyOf(bytes, bytes.length / 2));
        byte[] key = PublicationKeys.latest(AuditedChain.DATASET, AuditedChain.recordId(3, 2));
        StoreTampering.editStateValue(data, "publication", key, 3, 2, bytes -> StoreTampering.flip(bytes, -1));
        assertFinding(audit(data), 3, Kind.STATE, "stored state value publication/");
    }

    @Test
    void aDirectoryThatHoldsNoLedgerIsOneClearError() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
                () -> ReadOnlyLedgerStore.open(empty, dir.resolve("log")));
        assertTrue(e.getMessage().contains("is not a Meshledger data directory"), e.getMessage());

        Cli cli = cli("audit", "--data", empty.toString(), "--genesis", genesis());
        assertEquals(2, cli.code, cli.toString());
        assertEquals(1, cli.err.strip().lines().count(), cli.toString());
        assertTrue(cli.err.startsWith("error: ") && cli.err.contains("not a Meshledger data directory"),
                cli.toString());
    }

    @Test
    void theCommandPrintsASummaryAndExitsZeroOnAnUntouchedLedger() throws IOException {
        Path data = copy();
        Cli text = cli("audit", "--data", data.toString(), "--genesis", genesis());
        assertEquals(0, text.code, text.toString());
        assertTrue(text.out.strip().endsWith("AUDIT OK"), text.toString());
        assertTrue(text.out.contains("certificates verified:  6"), text.toString());
        assertTrue(text.out.contains("uncertified heights:    2 (7-8)"), text.toString());
        assertEquals("", text.err, "no progress bar and no error when not on a terminal");

        Cli json = cli("audit", "--data", data.toString(), "--genesis", genesis(), "--json");
        assertEquals(0, json.code, json.toString());
        JsonNode summary = new ObjectMapper().readTree(json.out);
        assertTrue(summary.get("ok").asBoolean(), json.out);
        assertEquals(AuditedChain.HEIGHTS, summary.get("heights_checked").asLong(), json.out);
        assertEquals(chain.transactions(), summary.get("transactions_checked").asLong(), json.out);
        assertEquals("7-8", summary.get("uncertified_heights").get(0).asText(), json.out);
        assertTrue(summary.get("finding").isNull(), json.out);
    }

    @Test
    void theCommandNamesTheFirstBadHeightAndExitsOne() throws IOException {
        Path data = copy();
        StoreTampering.editReceipt(data, 4, 0, bytes -> StoreTampering.flip(bytes, 3));
        Cli cli = cli("audit", "--data", data.toString(), "--genesis", genesis());
        assertEquals(1, cli.code, cli.toString());
        String verdict = "AUDIT FAILED at height 4: stored receipt 0 differs from re-execution";
        assertTrue(cli.out.strip().endsWith(verdict), cli.toString());
        assertEquals(verdict, cli.err.strip(), cli.toString());

        Cli json = cli("audit", "--data", data.toString(), "--genesis", genesis(), "--json");
        assertEquals(1, json.code, json.toString());
        JsonNode finding = new ObjectMapper().readTree(json.out).get("finding");
        assertEquals(4, finding.get("height").asLong(), json.out);
        assertEquals("RECEIPT", finding.get("kind").asText(), json.out);
    }

    // ---------------------------------------------------------------- helpers

    private Path copy() throws IOException {
        Path target = dir.resolve("data");
        try (Stream<Path> paths = Files.walk(pristine)) {
            for (Path p : paths.toList()) {
                Path to = target.resolve(pristine.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return target;
    }

    private AuditReport audit(Path data) {
        return audit(data, AuditProgress.NONE);
    }

    private AuditReport audit(Path data, AuditProgress progress) {
        try (ReadOnlyLedgerStore store = ReadOnlyLedgerStore.open(data, dir.resolve("log"))) {
            return new ChainAuditor(store, net.genesis(), dir.resolve("replay"), progress).run();
        }
    }

    private static Finding assertFinding(AuditReport report, long height, Kind kind, String detailPart) {
        assertTrue(report.finding().isPresent(), "the audit passed a damaged ledger");
        Finding f = report.finding().get();
        assertEquals(height, f.height(), f.toString());
        assertEquals(kind, f.kind(), f.toString());
        assertTrue(f.detail().contains(detailPart), f + " should say '" + detailPart + "'");
        return f;
    }

    private static LedgerCertificate storedCertificate(Path data, long height) {
        try (ReadOnlyLedgerStore store = ReadOnlyLedgerStore.open(data, data.resolveSibling("cert-log"))) {
            return LedgerCertificate.decode(store.certificateBytes(height).orElseThrow().toArray());
        }
    }

    private static byte[] bumpRound(byte[] bytes) {
        Block block = Block.decode(bytes);
        BlockHeader h = block.header();
        BlockHeader changed = new BlockHeader(h.chainId(), h.epoch(), h.height(), h.round() + 1, h.parentHash(),
                h.transactionsRoot(), h.txAccumulatorRoot(), h.txCountTotal(), h.timestampMs(), h.proposer());
        return Block.create(changed, block.transactions()).encode();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    /** Every file under {@code root}: name to size and SHA-256 of its content. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(p);
                files.put(root.relativize(p).toString(), content.length + " " + Hashing.sha256(content).toHex());
            }
        }
        return files;
    }

    private String genesis() {
        return net.layout().genesis().toString();
    }

    private record Cli(int code, String out, String err) {
    }

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(code, out.toString(), err.toString());
    }
}
