package io.xsite.core.transport.tunnel;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses router lists in the syntax of {@code TUNNEL_INITIAL_HOSTS} and JGroups'
 * {@code gossip_router_hosts} (gossip-router-protocol.md, 2.2): {@code host[port],host2[port2]}. It
 * also takes {@code host:port} and {@code [v6addr]:port}, which JGroups rejects. Entries are trimmed, a
 * surrounding {@code [...]} (a Java list's {@code toString}) is dropped and duplicates collapse in
 * first-seen order. Hosts stay unresolved, so a DNS name is looked up again at every connect attempt
 * (a router that moved to a new IP is found after its restart).
 */
public final class RouterHosts {
    /** A value that parses, quoted in every error. */
    /** A router list in the reference syntax, for error messages. */
    public static final String EXAMPLE = "router-a[12001],router-b[12001]";

    private RouterHosts() {
    }

    /**
     * The routers listed in {@code hosts}, in order, without duplicates.
     *
     * @throws IllegalArgumentException naming the bad entry, what is wrong with it and a good example
     */
    public static List<InetSocketAddress> parse(String hosts) {
        String list = hosts == null ? "" : hosts.strip();
        if (list.isEmpty()) {
            throw new IllegalArgumentException("router list is empty; expected e.g. " + EXAMPLE);
        }
        try {
            return parseEntries(list);
        } catch (IllegalArgumentException asIs) {
            // A list toString() wraps everything in [...]; retry without only when that is the cause,
            // because "[::1]:12001" and "[::1][12001]" also start with '['.
            if (list.startsWith("[") && list.endsWith("]")) {
                try {
                    return parseEntries(list.substring(1, list.length() - 1));
                } catch (IllegalArgumentException stripped) {
                    throw asIs;
                }
            }
            throw asIs;
        }
    }

    /** {@code host:port}, with IPv6 literals in brackets: how logs and errors name a router. */
    public static String format(InetSocketAddress router) {
        String host = router.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + router.getPort();
    }

    private static List<InetSocketAddress> parseEntries(String list) {
        Set<InetSocketAddress> routers = new LinkedHashSet<>();
        String[] entries = list.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            routers.add(parseEntry(entries[i].strip(), i + 1));
        }
        return List.copyOf(new ArrayList<>(routers));
    }

    private static InetSocketAddress parseEntry(String entry, int position) {
        if (entry.isEmpty()) {
            throw bad(entry, position, "the entry is empty (stray comma?)");
        }
        String host;
        String port;
        if (entry.endsWith("]")) {
            int open = entry.lastIndexOf('[');
            if (open < 0) {
                throw bad(entry, position, "']' without '['");
            }
            host = entry.substring(0, open);
            port = entry.substring(open + 1, entry.length() - 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
        } else if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0 || close + 1 >= entry.length() || entry.charAt(close + 1) != ':') {
                throw bad(entry, position, "a bracketed IPv6 address must be followed by ':port', as in [::1]:12001");
            }
            host = entry.substring(1, close);
            port = entry.substring(close + 2);
        } else {
            int colon = entry.lastIndexOf(':');
            if (colon < 0) {
                throw bad(entry, position, "no port; write host[port] or host:port");
            }
            host = entry.substring(0, colon);
            port = entry.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw bad(entry, position, "an IPv6 address needs brackets, as in [::1]:12001 or ::1[12001]");
            }
        }
        return InetSocketAddress.createUnresolved(checkHost(host, entry, position), checkPort(port, entry, position));
    }

    private static String checkHost(String host, String entry, int position) {
        if (host.isEmpty()) {
            throw bad(entry, position, "the host is missing");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == ':' || c == '%';
            if (!ok) {
                throw bad(entry, position, "the host contains '" + c + "'");
            }
        }
        return host;
    }

    private static int checkPort(String port, String entry, int position) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(entry, position, "the port '" + port + "' is not a number from 1 to 65535");
        }
        int value = Integer.parseInt(port);
        if (value < 1 || value > 0xFFFF) {
            throw bad(entry, position, "the port " + value + " is not from 1 to 65535");
        }
        return value;
    }

    private static IllegalArgumentException bad(String entry, int position, String problem) {
        return new IllegalArgumentException("router list entry " + position + " '" + entry + "': " + problem
                + "; expected e.g. " + EXAMPLE);
    }
}
