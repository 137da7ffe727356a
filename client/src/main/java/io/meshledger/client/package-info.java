/**
 * The Java SDK for publishers and auditors: identities loaded from files and
 * signed transactions. (Connections, queries and the offline proof verifier
 * arrive with the query issue.)
 */
package io.meshledger.client;
