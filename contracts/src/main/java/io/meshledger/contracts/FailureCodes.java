package io.meshledger.contracts;

/** Failure codes shared by the runtime and the system contracts. Contracts may add their own. */
public final class FailureCodes {
    /** The caller lacks the right the operation needs. */
    public static final String PERMISSION_DENIED = "PERMISSION_DENIED";
    /** Arguments could not be decoded or break a rule of the method. */
    public static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
    /** The named dataset, record, proposal or key does not exist. */
    public static final String NOT_FOUND = "NOT_FOUND";
    /** Something that must be unique already exists. */
    public static final String ALREADY_EXISTS = "ALREADY_EXISTS";
    /** A payload does not conform to its dataset's JSON schema. */
    public static final String SCHEMA_VIOLATION = "SCHEMA_VIOLATION";
    /** Publishing outside a record's validity window. */
    public static final String OUTSIDE_VALIDITY_WINDOW = "OUTSIDE_VALIDITY_WINDOW";
    /** A payload larger than the configured inline limit. */
    public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
    /** The transaction names a contract that is not deployed. */
    public static final String UNKNOWN_CONTRACT = "UNKNOWN_CONTRACT";
    /** The contract has no such method. */
    public static final String UNKNOWN_METHOD = "UNKNOWN_METHOD";
    /** A write or an event in a read-only call. */
    public static final String READ_ONLY = "READ_ONLY";
    /** The transaction used up its execution budget. */
    public static final String OUT_OF_GAS = "OUT_OF_GAS";
    /** Contract calls nested deeper than the runtime allows. */
    public static final String CALL_DEPTH_EXCEEDED = "CALL_DEPTH_EXCEEDED";
    /** Deployment refused: the bytecode breaks the determinism rules. */
    public static final String CONTRACT_REJECTED = "CONTRACT_REJECTED";
    /** The contract threw something other than a {@link ContractException}. */
    public static final String CONTRACT_ERROR = "CONTRACT_ERROR";

    private FailureCodes() {
    }
}
