package io.meshledger.node.config;

import org.bouncycastle.util.IPAddress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where other nodes and clients reach a node: a DNS host name, an IPv4 address
 * or an IPv6 address (written without brackets here). Parsing never asks DNS:
 * a name is checked for syntax only, since the host that will carry it may not
 * exist yet when the network is initialised.
 *
 * @param name the host name in lower case, or the IP address as given
 */
public record NodeHost(String name) {
    /** RFC 1123 label: letters, digits and inner hyphens, 1 to 63 characters. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final int MAX_NAME_LENGTH = 253;

    /** The loopback host every local network uses. */
    public static final NodeHost LOOPBACK = new NodeHost("127.0.0.1");

    /** Refuses anything but a host name or a unicast IP address (wildcards cannot be dialled). */
    public NodeHost {
        if (name == null || !(isIpAddress(name) || isHostName(name))) {
            throw new IllegalArgumentException("'" + name + "' is not a host name or IP address");
        }
        if (isIpAddress(name) && address(name).isAnyLocalAddress()) {
            throw new IllegalArgumentException("'" + name + "' means every interface, not an address other nodes can"
                    + " dial; give the host name or IP address of the node's machine");
        }
    }

    /** Parses a host name (any case) or an IP address; an IPv6 address may be in brackets. */
    public static NodeHost parse(String text) {
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        return new NodeHost(isIpAddress(t) ? t : t.toLowerCase(Locale.ROOT));
    }

    public boolean isIpAddress() {
        return isIpAddress(name);
    }

    public boolean isIpv6() {
        return IPAddress.isValidIPv6(name);
    }

    /** {@code localhost} or an address of the loopback interface. */
    public boolean isLoopback() {
        return isIpAddress() ? address(name).isLoopbackAddress() : name.equals("localhost");
    }

    /**
     * The machine this host names, for telling which nodes share one: every
     * loopback name is the same machine, IP addresses compare by value
     * ({@code fd00::2} is {@code fd00:0::2}), names by their text.
     */
    public String machine() {
        if (isLoopback()) {
            return "loopback";
        }
        return isIpAddress() ? address(name).getHostAddress() : name;
    }

    /** The host as written in {@code host:port}: IPv6 addresses in brackets. */
    public String uriHost() {
        return uriHost(name);
    }

    @Override
    public String toString() {
        return name;
    }

    static String uriHost(String host) {
        return IPAddress.isValidIPv6(host) ? "[" + host + "]" : host;
    }

    static boolean isIpAddress(String text) {
        return IPAddress.isValidIPv4(text) || IPAddress.isValidIPv6(text);
    }

    /** The address of an IP literal; never a DNS query, since the text is a literal. */
    static InetAddress address(String ipLiteral) {
        try {
            return InetAddress.getByName(ipLiteral);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + ipLiteral + "' is not an IP address", e);
        }
    }

    private static boolean isHostName(String text) {
        if (text.isEmpty() || text.length() > MAX_NAME_LENGTH) {
            return false;
        }
        String[] labels = text.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // An all-digit last label would read as a (malformed) IPv4 address, e.g. 10.0.0.256.
        return !DIGITS.matcher(labels[labels.length - 1]).matches();
    }
}
