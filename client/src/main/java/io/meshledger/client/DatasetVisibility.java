package io.meshledger.client;

/** Who may read a dataset's records. */
public enum DatasetVisibility {
    /** Anyone on the network. */
    PUBLIC,
    /** The owner and holders of a read (or stronger) grant only. */
    RESTRICTED
}
