package io.meshledger.node.api;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.meshledger.contracts.Caller;
import io.meshledger.core.receipt.Event;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;
import io.meshledger.node.execution.CallOutcome;
import io.meshledger.node.storage.LedgerStore;
import io.meshledger.proto.v1.CheckResult;
import io.meshledger.proto.v1.GetDatasetArgs;
import io.meshledger.proto.v1.PublishArgs;
import io.meshledger.proto.v1.TombstoneArgs;
import io.meshledger.proto.v1.Transaction;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Read access decided by the {@code publication} contract itself (its
 * {@code may_read} method, the rule {@code get_record} enforces), asked at
 * the tip. Only publication records are restricted: their state entries
 * ({@code rec/<dataset>/...}), their events, and the transactions that write
 * them (which their signer may always read). Everything else on the ledger is
 * readable by any caller.
 */
public final class ContractReadAccess implements ReadAccess {
    /** The contract a read authorisation names (it is not a contract, so it can never run as a call). */
    public static final String READ_CONTRACT = "meshledger.read";
    public static final String READ_METHOD = "read";

    private static final String PUBLICATION = "publication";
    private static final Set<String> RECORD_EVENTS = Set.of("RecordPublished", "RecordTombstoned", "DatasetCreated");
    private static final byte[] RECORD_PREFIX = "rec/".getBytes(StandardCharsets.US_ASCII);
    /** Anonymous readers ask as nobody: no owner or grant can match an empty identity. */
    private static final Caller NOBODY = new Caller("", "", "", false);

    private final LedgerStore ledger;
    private final QueryAuthenticator authenticator;
    private final QueryService.ContractCalls calls;

    ContractReadAccess(LedgerStore ledger, QueryAuthenticator authenticator, QueryService.ContractCalls calls) {
        this.ledger = ledger;
        this.authenticator = authenticator;
        this.calls = calls;
    }

    @Override
    public Reader reader(Transaction auth) {
        if (auth == null || auth.equals(Transaction.getDefaultInstance())) {
            return Reader.ANONYMOUS;
        }
        QueryAuthenticator.Authenticated a = authenticator.authenticate(auth, ledger.tip().height());
        TransactionBody body = a.query().decoded();
        if (!body.contract().equals(READ_CONTRACT) || !body.method().equals(READ_METHOD)) {
            throw ErrorStatus.of(Status.Code.INVALID_ARGUMENT, "MALFORMED", "a read authorisation names contract '"
                    + READ_CONTRACT + "' and method '" + READ_METHOD + "', not '" + body.contract() + "." + body.method() + "'");
        }
        return new Reader.Member(a.caller());
    }

    @Override
    public boolean mayRead(Reader reader, Event event) {
        if (!event.contract().equals(PUBLICATION) || !RECORD_EVENTS.contains(event.type())) {
            return true;
        }
        String key = new String(event.key().unsafeArray(), StandardCharsets.UTF_8);
        int slash = key.indexOf('/');
        return mayReadDataset(reader, slash < 0 ? key : key.substring(0, slash));
    }

    @Override
    public boolean mayRead(Reader reader, SignedTransaction transaction) {
        TransactionBody body = transaction.decoded();
        if (!body.contract().equals(PUBLICATION) || signedBy(reader, body)) {
            return true;
        }
        return datasetWritten(body).map(d -> mayReadDataset(reader, d)).orElse(true);
    }

    @Override
    public boolean mayRead(Reader reader, String contract, byte[] key) {
        return datasetOfKey(contract, key).map(d -> mayReadDataset(reader, d)).orElse(true);
    }

    /** Its signer may always read a transaction (and learn why it failed): it wrote the content. */
    private static boolean signedBy(Reader reader, TransactionBody body) {
        return reader instanceof Reader.Member m && body.sender() instanceof io.meshledger.core.tx.Sender.Certificate c
                && io.meshledger.core.identity.IdentityId.ofCertificate(c.der().unsafeArray()).toHex()
                .equals(m.caller().id());
    }

    /** The dataset a publication state key belongs to, for record keys {@code rec/<dataset>/...}. */
    static Optional<String> datasetOfKey(String contract, byte[] key) {
        if (!contract.equals(PUBLICATION) || key.length <= RECORD_PREFIX.length
                || !java.util.Arrays.equals(key, 0, RECORD_PREFIX.length, RECORD_PREFIX, 0, RECORD_PREFIX.length)) {
            return Optional.empty();
        }
        int end = RECORD_PREFIX.length;
        while (end < key.length && key[end] != '/') {
            end++;
        }
        return Optional.of(new String(key, RECORD_PREFIX.length, end - RECORD_PREFIX.length, StandardCharsets.UTF_8));
    }

    private static Optional<String> datasetWritten(TransactionBody body) {
        try {
            return switch (body.method()) {
                case "publish" -> Optional.of(PublishArgs.parseFrom(body.args().unsafeArray()).getDatasetId());
                case "tombstone" -> Optional.of(TombstoneArgs.parseFrom(body.args().unsafeArray()).getDatasetId());
                default -> Optional.empty();
            };
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty(); // Its receipt says MALFORMED; it wrote nothing.
        }
    }

    private boolean mayReadDataset(Reader reader, String datasetId) {
        Caller caller = reader instanceof Reader.Member m ? m.caller() : NOBODY;
        long tip = ledger.tip().height();
        long timestamp = ledger.header(tip).map(h -> h.timestampMs()).orElse(0L);
        CallOutcome outcome = calls.call(caller, PUBLICATION, "may_read",
                GetDatasetArgs.newBuilder().setDatasetId(datasetId).build().toByteArray(), tip, timestamp);
        if (!outcome.succeeded()) {
            return false;
        }
        try {
            return CheckResult.parseFrom(outcome.result()).getAllowed();
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }
}
