/** Node and network configuration: node.yaml, key and certificate files, and {@code network init}. */
package io.meshledger.node.config;
