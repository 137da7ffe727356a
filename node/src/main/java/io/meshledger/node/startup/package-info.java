/**
 * What a node checks before it opens anything, and how a failed start reads:
 * genesis, the node's identity files, its listen addresses and its data
 * directory are checked in that order, each failure one {@code <key>: <problem>;
 * fix: <what to do>} line naming the node.yaml key, and nothing is opened or
 * written until every check passed.
 */
package io.meshledger.node.startup;
