/**
 * X.509 identities: per-organisation certificate authorities, node and user
 * certificates, chain validation against the genesis roots, fingerprints as ids.
 */
package io.meshledger.core.identity;
