package io.meshledger.node.startup;

import io.meshledger.node.config.ConfigException;
import io.meshledger.node.config.Endpoint;
import io.meshledger.node.config.NodeConfig;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The addresses a node listens on ({@code peer_listen}, {@code api_listen},
 * {@code metrics_listen}): checked free before the node opens its data
 * directory, so a second node pointed at busy ports stops without touching the
 * data, and translated when a real bind still fails (a port taken in between).
 */
public final class ListenAddresses {
    private ListenAddresses() {
    }

    /** The node's listen addresses by their node.yaml key, in the order the node binds them. */
    static Map<String, Endpoint> of(NodeConfig config) {
        Map<String, Endpoint> out = new LinkedHashMap<>();
        out.put("peer_listen", config.peerListen());
        out.put("api_listen", config.apiListen());
        config.metricsListen().ifPresent(m -> out.put("metrics_listen", m));
        return out;
    }

    /**
     * Binds every listen address of {@code config} at once, as the node will,
     * and releases them.
     *
     * @throws ConfigException naming the key and the address that cannot be bound, and the fix
     */
    public static void checkFree(NodeConfig config) {
        Map<String, Endpoint> addresses = of(config);
        checkDistinct(addresses);
        List<ServerSocketChannel> bound = new ArrayList<>();
        try {
            for (Map.Entry<String, Endpoint> e : addresses.entrySet()) {
                bound.add(bindOnce(e.getKey(), e.getValue()));
            }
        } finally {
            for (ServerSocketChannel channel : bound) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Closing a listening socket that never accepted cannot lose anything.
                }
            }
        }
    }

    /**
     * Runs {@code start}, which binds {@code endpoint}; a failure to bind becomes
     * the same one-line error as {@link #checkFree}'s.
     */
    public static <T> T bound(String key, Endpoint endpoint, Supplier<T> start) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            BindException bind = bindFailure(e);
            if (bind == null) {
                throw e;
            }
            throw failure(key, endpoint, bind);
        }
    }

    /** Two keys on one port of overlapping hosts would make the second bind fail with a misleading "in use". */
    private static void checkDistinct(Map<String, Endpoint> addresses) {
        List<Map.Entry<String, Endpoint>> entries = new ArrayList<>(addresses.entrySet());
        for (int i = 0; i < entries.size(); i++) {
            for (int j = 0; j < i; j++) {
                Endpoint a = entries.get(j).getValue();
                Endpoint b = entries.get(i).getValue();
                if (a.port() == b.port() && (a.host().equals(b.host()) || isWildcard(a.host())
                        || isWildcard(b.host()))) {
                    String key = entries.get(i).getKey();
                    throw ConfigException.problem(key, b + " uses the same port as " + entries.get(j).getKey()
                            + " (" + a + ")", "give " + key + " a port of its own");
                }
            }
        }
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private static ServerSocketChannel bindOnce(String key, Endpoint endpoint) {
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(endpoint.host()), endpoint.port());
        } catch (UnknownHostException e) {
            throw ConfigException.problem(key, "the host '" + endpoint.host() + "' of " + endpoint
                    + " cannot be resolved", "use an IP address or a host name this machine resolves, or 0.0.0.0"
                    + " to listen on every interface", e);
        }
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            // As the node's servers do (the JDK sets SO_REUSEADDR on listening sockets): a port whose old
            // connections linger in TIME_WAIT after a restart is free, a port with a listener is not.
            channel.bind(address);
            return channel;
        } catch (BindException e) {
            closeQuietly(channel);
            throw failure(key, endpoint, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw ConfigException.problem(key, "cannot listen on " + endpoint + ": " + e.getMessage(),
                    "choose another address for " + key, e);
        }
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // It was never bound.
            }
        }
    }

    private static ConfigException failure(String key, Endpoint endpoint, BindException e) {
        String reason = e.getMessage() == null ? "" : e.getMessage();
        if (reason.contains("Cannot assign requested address")) {
            return ConfigException.problem(key, endpoint + " is not an address of this machine",
                    "set " + key + " to one of this machine's addresses, or 0.0.0.0 to listen on every interface", e);
        }
        if (reason.contains("Permission denied")) {
            return ConfigException.problem(key, "listening on " + endpoint + " is not permitted",
                    "choose a port from 1024 up for " + key, e);
        }
        return ConfigException.problem(key, endpoint + " is already in use by another process",
                "stop the process listening there ('ss -ltnp' names it) or choose another port for " + key, e);
    }

    /** The bind failure behind a server's start failure, if that is what it was; Netty's may not be a BindException. */
    private static BindException bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException b) {
                return b;
            }
            String m = t.getMessage();
            if (t instanceof IOException && m != null && (m.contains("Address already in use")
                    || m.contains("Cannot assign requested address"))) {
                BindException b = new BindException(m);
                b.initCause(t);
                return b;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
