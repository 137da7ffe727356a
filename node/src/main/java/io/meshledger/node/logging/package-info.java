/**
 * How the node's log lines read: every line carries the node's name, committed
 * height and consensus round ({@link io.meshledger.node.logging.NodeLogStatus},
 * rendered by the {@code %node} converter), and an exception fits on the line
 * of its event unless the log level is DEBUG. The configuration is
 * {@code logback.xml}.
 */
package io.meshledger.node.logging;
