package io.meshledger.node.network;

/**
 * Bounds of one outbound queue: whichever is reached first makes room by
 * dropping the oldest message.
 *
 * @param messages most messages held
 * @param bytes    most bytes held
 */
record QueueLimits(int messages, long bytes) {
    QueueLimits {
        if (messages < 1 || bytes < 1) {
            throw new IllegalArgumentException("queue limits must be positive, got " + messages + " messages, "
                    + bytes + " bytes");
        }
    }
}
