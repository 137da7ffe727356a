/** Validator sets and quorum (certificate) verification. */
package io.meshledger.core.validators;
