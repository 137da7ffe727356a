package io.meshledger.client;

/** A right on a dataset; each implies the ones before it. */
public enum AccessRight {
    /** Read the dataset's records. */
    READ,
    /** Publish and tombstone records; implies {@link #READ}. */
    WRITE,
    /** Grant and revoke rights; implies {@link #WRITE}. */
    ADMIN
}
