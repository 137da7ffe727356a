/** Blocks, their headers and hashes, ledger digests and ledger certificates. */
package io.meshledger.core.block;
