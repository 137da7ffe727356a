package io.meshledger.node.storage;

/**
 * The column families that hold contract state, each a pure function of the
 * executed blocks: two stores that executed the same blocks hold them byte for
 * byte equal, which is what an audit compares.
 */
public enum StateFamily {
    /** Every version of every state key; the height is in the key. */
    VALUES(ColumnFamily.STATE_VALUES, "state value"),
    /** Where the newest version of each state key is: its height and tx index are in the value. */
    LATEST(ColumnFamily.STATE_LATEST, "newest state value"),
    /** State-tree nodes; the height (tree version) leads the key. */
    TREE_NODES(ColumnFamily.STATE_NODES, "state-tree node");

    private final ColumnFamily family;
    private final String description;

    StateFamily(ColumnFamily family, String description) {
        this.family = family;
        this.description = description;
    }

    ColumnFamily columnFamily() {
        return family;
    }

    /** What one entry of this family is, in words ("state value"). */
    public String description() {
        return description;
    }
}
