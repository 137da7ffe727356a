/**
 * Helpers the system contracts share: argument decoding that fails with
 * {@code INVALID_ARGUMENT} instead of an unchecked exception, input checks with
 * the limits every contract applies, state-key building, method dispatch and
 * paging. Nothing here touches state on its own.
 */
package io.meshledger.contracts.support;
