package io.meshledger.core.state;

/**
 * A node the tree needs is not in the store: the version was never applied, it
 * was pruned, or the store lost data. Carries the key so callers can tell which.
 */
public class MissingNodeException extends IllegalStateException {
    private final transient NodeKey key;

    public MissingNodeException(NodeKey key, String what) {
        super(what + " " + key + " is not in the store (never written, or pruned)");
        this.key = key;
    }

    /** The key that was looked up. */
    public NodeKey key() {
        return key;
    }
}
