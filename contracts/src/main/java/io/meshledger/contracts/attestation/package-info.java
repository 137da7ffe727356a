/**
 * The {@code attestation} system contract: anyone notarises a content hash with
 * a claim and evidence; an organisation's administrator attests facts about the
 * organisation's own identities. Attestations are append-only and listed in
 * the order they were made. Layout of state: {@link io.meshledger.contracts.attestation.AttestationKeys}.
 */
package io.meshledger.contracts.attestation;
