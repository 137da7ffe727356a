package io.meshledger.node.config;

import org.bouncycastle.util.IPAddress;

import java.util.List;
import java.util.Optional;

/**
 * The IP address every node of a new network binds its peer, client and
 * metrics listeners to: a wildcard ({@code 0.0.0.0}, {@code ::}) for every
 * interface of the node's machine, or one address such as {@code 127.0.0.1}.
 *
 * @param address an IP address literal, IPv6 without brackets
 */
public record ListenAddress(String address) {
    public static final ListenAddress LOOPBACK = new ListenAddress("127.0.0.1");
    public static final ListenAddress LOOPBACK_IPV6 = new ListenAddress("::1");
    public static final ListenAddress ANY = new ListenAddress("0.0.0.0");
    public static final ListenAddress ANY_IPV6 = new ListenAddress("::");

    /** Refuses host names: a bind address must not depend on what DNS says at start-up. */
    public ListenAddress {
        if (address == null || !NodeHost.isIpAddress(address)) {
            throw new IllegalArgumentException("'" + address + "' is not an IP address (0.0.0.0 listens on every"
                    + " interface, 127.0.0.1 on loopback only)");
        }
    }

    /** Parses an IP address; an IPv6 address may be in brackets. */
    public static ListenAddress parse(String text) {
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        return new ListenAddress(t);
    }

    /**
     * Loopback when every node is on this machine's loopback, else every
     * interface; IPv6 ({@code ::1}, {@code ::}) when a host is an IPv6 address.
     */
    public static ListenAddress defaultFor(List<NodeHost> hosts) {
        if (hosts.stream().allMatch(NodeHost::isLoopback)) {
            boolean ipv6 = hosts.stream().anyMatch(NodeHost::isIpv6);
            return ipv6 ? LOOPBACK_IPV6 : LOOPBACK;
        }
        return hosts.stream().anyMatch(NodeHost::isIpv6) ? ANY_IPV6 : ANY;
    }

    /** {@code 0.0.0.0} or {@code ::}: every interface. */
    public boolean isWildcard() {
        return NodeHost.address(address).isAnyLocalAddress();
    }

    public boolean isLoopback() {
        return NodeHost.address(address).isLoopbackAddress();
    }

    /**
     * Why nodes on {@code hosts} could not be dialled if they all bound this
     * address, or empty when they can. {@code ::} serves every host and
     * {@code 0.0.0.0} every host but IPv6 addresses; one address serves only
     * nodes of one machine dialled at that address, or by a name: {@code localhost}
     * when it is a loopback address, any other name when it is not.
     */
    public Optional<String> unreachableReason(List<NodeHost> hosts) {
        boolean ipv6 = IPAddress.isValidIPv6(address);
        if (isWildcard()) {
            return hosts.stream().filter(h -> h.isIpv6() && !ipv6).findFirst()
                    .map(h -> address + " listens on IPv4 only, but " + h + " is an IPv6 address; use ::");
        }
        long machines = hosts.stream().map(NodeHost::machine).distinct().count();
        if (machines > 1) {
            return Optional.of(address + " is one machine's address, but the hosts name " + machines
                    + " machines; use " + (ipv6 ? "::" : "0.0.0.0") + " so each node listens on its own machine");
        }
        for (NodeHost h : hosts) {
            boolean served;
            if (h.isIpAddress()) {
                served = NodeHost.address(h.name()).equals(NodeHost.address(address));
            } else {
                // localhost resolves to loopback; another name presumably to this machine's network address.
                served = h.isLoopback() == isLoopback();
            }
            if (!served) {
                return Optional.of("nodes listening on " + address + " cannot be dialled at " + h + "; use "
                        + (ipv6 || h.isIpv6() ? "::" : "0.0.0.0") + " (every interface) or the address of " + h);
            }
        }
        return Optional.empty();
    }

    /** The address as written in {@code host:port}: IPv6 in brackets. */
    public String uriHost() {
        return NodeHost.uriHost(address);
    }

    @Override
    public String toString() {
        return address;
    }
}
