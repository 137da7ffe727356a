package io.meshledger.contracts.publication;

/**
 * Consensus-relevant limits of the publication contract: every node must run
 * with the same values (they come from genesis), or nodes disagree on which
 * publications fail.
 *
 * @param maxInlinePayloadBytes largest inline payload accepted; larger ones fail with {@code PAYLOAD_TOO_LARGE}
 */
public record PublicationLimits(int maxInlinePayloadBytes) {
    /** 256 KiB: small documents inline, larger content off-chain by hash. */
    public static final PublicationLimits DEFAULT = new PublicationLimits(256 * 1024);

    public PublicationLimits {
        if (maxInlinePayloadBytes < 0) {
            throw new IllegalArgumentException("maxInlinePayloadBytes must be >= 0, got " + maxInlinePayloadBytes);
        }
    }
}
