package io.meshledger.node.execution.sandbox;

/**
 * Unwinds a contract whose meter tripped. An {@link Error} so that contract code,
 * which the verifier forbids to catch {@code Throwable} or {@code Error}, cannot
 * catch it by type; {@code finally} blocks that catch everything re-trip the
 * meter at their first instruction block. No stack trace: it is control flow.
 */
final class MeterTrippedError extends Error {
    MeterTrippedError(String code) {
        super(code, null, false, false);
    }
}
