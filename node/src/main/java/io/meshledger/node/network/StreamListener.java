package io.meshledger.node.network;

/**
 * Told when an {@link OutboundStream} opens and when it ends or fails to
 * open. Called on the {@link Reconnection} thread only; must not block.
 */
interface StreamListener {
    /** Hears nothing: for streams whose ups and downs the operator need not see. */
    StreamListener NONE = new StreamListener() {
        @Override
        public void opened() {
        }

        @Override
        public void ended(String reason, boolean wasOpen) {
        }
    };

    /** The stream is open and ready to carry messages. */
    void opened();

    /**
     * The stream ended ({@code wasOpen}) or an attempt to open it failed; the
     * stream reconnects by itself after a back-off.
     */
    void ended(String reason, boolean wasOpen);
}
