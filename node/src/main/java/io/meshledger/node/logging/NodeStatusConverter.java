package io.meshledger.node.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %node} in the log pattern: the registered {@link NodeLogStatus}
 * ({@code node1 h=120 r=345}), or {@code -} in processes that run no node
 * (the CLI's other commands). Instantiated by Logback.
 */
public final class NodeStatusConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return getContext() != null && getContext().getObject(NodeLogStatus.KEY) instanceof NodeLogStatus status
                ? status.render() : "-";
    }
}
