/** The genesis model (chain id, organisations, validators, parameters) and its validating JSON codec. */
package io.meshledger.core.genesis;
