/** The {@code meshledger} command line (picocli): one class per command. */
package io.meshledger.node.cli;
