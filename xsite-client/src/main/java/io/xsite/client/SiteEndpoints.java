package io.xsite.client;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Where one site is served.
 *
 * @param name  the site's name, as its members call it ({@code nyc})
 * @param resp  the RESP ports of its members (or of a Service in front of them), tried in this order
 * @param admin base URLs of its members' admin endpoints ({@code http://10.0.0.5:8080}), for
 *              {@link AdminStatusReadiness}; may be empty
 */
public record SiteEndpoints(String name, List<InetSocketAddress> resp, List<URI> admin) {
    /** Checks and copies the lists. */
    public SiteEndpoints {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a site needs a name");
        }
        resp = List.copyOf(resp);
        admin = List.copyOf(admin);
        if (resp.isEmpty()) {
            throw new IllegalArgumentException("site " + name + " needs at least one RESP endpoint");
        }
    }

    /** Parses {@code host:port} or {@code [v6]:port}. */
    public static InetSocketAddress endpoint(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return InetSocketAddress.createUnresolved(host, Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'", e);
        }
    }
}
