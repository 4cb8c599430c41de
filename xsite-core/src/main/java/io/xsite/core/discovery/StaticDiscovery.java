package io.xsite.core.discovery;

import io.xsite.core.transport.tunnel.RouterHosts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery from a fixed list of {@code host:port} or {@code host[port]} entries (parse them with
 * {@link RouterHosts#parse}, which leaves names unresolved). Every {@link #find()} resolves each name again
 * (the JVM's own address cache still applies), so a member that came back on a new IP is found; a name that
 * does not resolve yet, like a pod not started, is skipped with a DEBUG line. Entries that resolve to the
 * same address and port collapse into one candidate.
 *
 * <p>Resolution blocks, so it runs on this discovery's own threads ({@code xsite-discovery-static}).
 */
final class StaticDiscovery implements Discovery {
    private static final Logger log = LoggerFactory.getLogger(StaticDiscovery.class);

    private final InetSocketAddress self;
    private final ParallelLookup<InetSocketAddress> lookup;

    /**
     * @param hosts where members listen, resolved or not; at least one
     * @param self  this member's own listen address, left out of the result; nullable (nothing left out).
     *              Only an exact match is left out: a wildcard bind address matches no entry.
     */
    public StaticDiscovery(List<InetSocketAddress> hosts, InetSocketAddress self) {
        Objects.requireNonNull(hosts, "hosts");
        this.self = self;
        this.lookup = new ParallelLookup<>("xsite-discovery-static", hosts, StaticDiscovery::resolve);
    }

    @Override
    public CompletionStage<List<Candidate>> find() {
        return lookup.run().thenApply(found -> found.stream().filter(c -> !c.physical().equals(self)).toList());
    }

    @Override
    public void close() {
        lookup.close();
    }

    private static List<Candidate> resolve(InetSocketAddress host) {
        if (!host.isUnresolved()) {
            return List.of(Candidate.at(host));
        }
        try {
            InetAddress ip = InetAddress.getByName(host.getHostString());
            return List.of(Candidate.at(new InetSocketAddress(ip, host.getPort())));
        } catch (UnknownHostException e) {
            log.debug("static discovery: {} does not resolve, skipped: {}", RouterHosts.format(host), e.getMessage());
            return List.of();
        }
    }
}
