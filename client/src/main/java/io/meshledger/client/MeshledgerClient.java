package io.meshledger.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.grpc.StatusRuntimeException;
import io.meshledger.core.Bytes;
import io.meshledger.core.receipt.Receipt;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.proto.v1.CallResponse;
import io.meshledger.proto.v1.SubmitAndWaitResponse;
import io.meshledger.proto.v1.Transaction;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * A publisher's or auditor's session with a Meshledger network, acting as one
 * identity: signs and submits transactions and waits for their commit (failing
 * over between nodes, resubmitting the same signed bytes after a lost
 * connection), runs signed read-only contract calls, and offers typed helpers
 * for the system contracts ({@link #publication()}, {@link #authorisation()},
 * {@link #attestation()}) and ledger reads ({@link #queries()}). Obtain one
 * from {@link Meshledger#connect}. Thread-safe; close it to release its
 * connections.
 */
public final class MeshledgerClient implements AutoCloseable {
    /** Contract name of signed read authorisations (see api.proto, ReadAuthorisation). */
    public static final String READ_CONTRACT = "meshledger.read";
    /** Method name of signed read authorisations. */
    public static final String READ_METHOD = "read";

    private final NetworkDefinition network;
    private final ClientOptions options;
    private final LedgerClient ledger;
    private final TransactionFactory transactions;
    private final TipCache tip;
    private final LedgerQueries queries;
    private final PublicationClient publication;
    private final AuthorisationClient authorisation;
    private final AttestationClient attestation;

    MeshledgerClient(NetworkDefinition network, ClientIdentity identity, ClientOptions options, SecureRandom random) {
        this.network = Objects.requireNonNull(network, "network");
        this.options = Objects.requireNonNull(options, "options");
        this.ledger = new LedgerClient(network.endpoints(), options.callTimeout());
        this.transactions = new TransactionFactory(network.chainId(), identity, random);
        this.tip = new TipCache(() -> Failures.read(ledger::status).getHeight(), options.tipMaxAge());
        this.queries = new LedgerQueries(ledger, this::readAuthorisation, tip);
        this.publication = new PublicationClient(this);
        this.authorisation = new AuthorisationClient(this);
        this.attestation = new AttestationClient(this);
    }

    /** Datasets and records: the {@code publication} system contract. */
    public PublicationClient publication() {
        return publication;
    }

    /** Grants, revocations and access checks: the {@code authorisation} system contract. */
    public AuthorisationClient authorisation() {
        return authorisation;
    }

    /** Notarised hashes and identity claims: the {@code attestation} system contract. */
    public AttestationClient attestation() {
        return attestation;
    }

    /** Blocks, transactions, state, digests, proofs and node status. */
    public LedgerQueries queries() {
        return queries;
    }

    /**
     * Signs a call of {@code contract.method(args)} valid for half the network's
     * expiry window past the tip; nothing is sent. Submit it with
     * {@link #submitAndWait(SignedTransaction)}, as often as needed: the same
     * bytes commit at most once.
     */
    public SignedTransaction sign(String contract, String method, byte[] args) {
        long expiry = tip.current() + Math.max(1, network.genesis().limits().expiryWindow() / 2);
        return transactions.create(contract, method, args, expiry);
    }

    /**
     * Signs, submits and waits for the commit of {@code contract.method(args)}.
     * The result may be a failed receipt; {@link Committed#requireSuccess()} turns that into an exception.
     *
     * @throws RequestRefusedException     if a node refused it (e.g. {@code INVALID_SIGNATURE}, {@code EXPIRED})
     * @throws CommitTimeoutException      if no commit was reported within the commit wait
     * @throws NetworkUnavailableException if no node could be reached
     */
    public Committed submit(String contract, String method, byte[] args) {
        return submitAndWait(sign(contract, method, args));
    }

    /**
     * Submits an already signed transaction and waits for its commit; after a lost
     * connection the nodes are asked for its status before it is sent again.
     *
     * @throws RequestRefusedException     if a node refused it
     * @throws CommitTimeoutException      if no commit was reported within the commit wait
     * @throws NetworkUnavailableException if no node could be reached
     */
    public Committed submitAndWait(SignedTransaction tx) {
        SubmitAndWaitResponse r;
        try {
            r = ledger.submitAndWait(tx, options.commitWait());
        } catch (StatusRuntimeException e) {
            throw Failures.translate(e, tx.id());
        }
        if (!r.hasReceipt()) {
            throw new IllegalStateException("transaction " + tx.id().toHex() + " committed at height "
                    + r.getLocation().getHeight() + " but the node returned no receipt");
        }
        tip.observe(r.getLocation().getHeight());
        return new Committed(tx.id(), r.getLocation().getHeight(), r.getLocation().getIndex(),
                Receipt.decode(r.getReceipt().toByteArray()));
    }

    /**
     * Submits {@code contract.method(args)}, waits for its commit and decodes the
     * method's result.
     *
     * @throws TransactionFailedException if it committed with a failed receipt (e.g. {@code PERMISSION_DENIED})
     * @throws RequestRefusedException    if a node refused it
     * @throws CommitTimeoutException     if no commit was reported within the commit wait
     */
    public <T extends Message> WriteResult<T> write(String contract, String method, Message args, Parser<T> result) {
        Committed c = submit(contract, method, args.toByteArray()).requireSuccess();
        return new WriteResult<>(c.txId(), c.height(), c.receipt(),
                decode(result, c.receipt().result().unsafeArray(), contract + "." + method));
    }

    /**
     * Runs a read-only {@code contract.method(args)} at the tip as this identity
     * (signed, so the contract can check its grants); nothing is submitted.
     *
     * @throws RequestRefusedException with the contract's failure code, e.g. {@code PERMISSION_DENIED}
     */
    public CallResult call(String contract, String method, byte[] args) {
        return callAt(contract, method, args, 0);
    }

    /**
     * Runs a read-only {@code contract.method(args)} over the committed state at
     * {@code height} (0: the tip), as the contract and its grants were then.
     *
     * @throws RequestRefusedException with the contract's failure code, or {@code NOT_FOUND} above the tip
     */
    public CallResult callAt(String contract, String method, byte[] args, long height) {
        SignedTransaction query = transactions.create(contract, method, args,
                tip.current() + options.readValidityBlocks());
        CallResponse r = Failures.read(() -> ledger.call(query, height));
        tip.observe(r.getHeight());
        return new CallResult(Bytes.of(r.getResult().toByteArray()), r.getHeight());
    }

    /** Like {@link #call(String, String, byte[])}, with the result decoded. */
    public <T extends Message> T call(String contract, String method, Message args, Parser<T> result) {
        return decode(result, call(contract, method, args.toByteArray()).result().unsafeArray(),
                contract + "." + method);
    }

    /**
     * A fresh signed read authorisation for this identity (the {@code auth} field
     * of queries and subscriptions): contract {@value #READ_CONTRACT}, method
     * {@value #READ_METHOD}, a random nonce, valid up to the known tip plus
     * {@link ClientOptions#readValidityBlocks()}.
     */
    public Transaction readAuthorisation() {
        return transactions.create(READ_CONTRACT, READ_METHOD, new byte[0],
                tip.current() + options.readValidityBlocks()).toProto();
    }

    /** The identity this client signs as. */
    public ClientIdentity identity() {
        return transactions.identity();
    }

    /** The network this client talks to. */
    public NetworkDefinition network() {
        return network;
    }

    /** The wire-level client underneath, for calls this class does not wrap. */
    public LedgerClient ledger() {
        return ledger;
    }

    @Override
    public void close() {
        ledger.close();
    }

    private static <T extends Message> T decode(Parser<T> parser, byte[] bytes, String what) {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(what + " returned a result that does not decode: " + e.getMessage(), e);
        }
    }
}
