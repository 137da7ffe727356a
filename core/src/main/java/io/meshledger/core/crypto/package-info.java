/**
 * Hashing and signatures every party shares: domain-separated SHA-256 (JDK),
 * Ed25519 and ECDSA P-256 (Bouncy Castle lightweight API), and parallel batch
 * verification.
 */
package io.meshledger.core.crypto;
