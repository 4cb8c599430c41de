package io.xsite.bench.infinispan;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.infinispan.AdvancedCache;
import org.infinispan.configuration.parsing.ConfigurationBuilderHolder;
import org.infinispan.configuration.parsing.ParserRegistry;
import org.infinispan.manager.DefaultCacheManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The child-JVM main of one Infinispan 15 member of the benchmark: an embedded cache manager on loopback whose
 * JGroups stack is TCP with static discovery of its site's ports and RELAY2, bridged to the other site over
 * TUNNEL through the two JGroups gossip routers; caches {@code sync} and {@code async} (distributed, owners 2),
 * backed up to {@code --backup-site} with that strategy (sync with failure policy {@code FAIL}, as xsite's
 * {@code :fail}; Infinispan allows it for sync only), or with no backups at the backup site itself. Serves the
 * caches over {@link CacheRespServer} (database 0 sync, 1 async, as the driver uses xsite's {@code default} and
 * {@code sessions}), prints {@code READY} and runs until its stdin reaches end of file or it is killed.
 */
@Command(name = "infinispan-node", mixinStandardHelpOptions = true)
public final class InfinispanNode implements Callable<Integer> {
    /** The caches in RESP database order. */
    static final List<String> CACHES = List.of("sync", "async");
    /** The line printed once the member serves its caches. */
    static final String READY = "READY";

    @Option(names = "--site", required = true, description = "This member's site.")
    private String site;

    @Option(names = "--name", required = true, description = "This member's node name.")
    private String name;

    @Option(names = "--port", required = true, description = "JGroups TCP port on 127.0.0.1.")
    private int port;

    @Option(names = "--site-ports", required = true, split = ",", description = "TCP ports of the site's members.")
    private List<Integer> sitePorts;

    @Option(names = "--sites", required = true, split = ",", description = "Every site's name.")
    private List<String> sites;

    @Option(names = "--routers", required = true, split = ",", description = "Gossip router ports on 127.0.0.1.")
    private List<Integer> routers;

    @Option(names = "--backup-site", description = "The site the caches are backed up to; none: no backups.")
    private Optional<String> backupSite;

    @Option(names = "--resp-port", required = true, description = "Port of the RESP commands on 127.0.0.1.")
    private int respPort;

    /**
     * Runs the member.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new InfinispanNode()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ConfigurationBuilderHolder holder = new ParserRegistry().parse(xml());
        try (DefaultCacheManager manager = new DefaultCacheManager(holder, true);
             CacheRespServer ignored = CacheRespServer.start(respPort,
                     CACHES.stream().map(c -> manager.<String, byte[]>getCache(c).getAdvancedCache()).toList(),
                     () -> manager.getMembers().size())) {
            System.out.println(READY + " " + site + "/" + name);
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // Nothing is expected on stdin; only its end matters.
            }
        }
        return 0;
    }

    /** The Infinispan XML of this member. */
    String xml() {
        String initialHosts = sitePorts.stream().map(p -> "127.0.0.1[" + p + "]").collect(Collectors.joining(","));
        String routerHosts = routers.stream().map(p -> "127.0.0.1[" + p + "]").collect(Collectors.joining(","));
        String remoteSites = sites.stream().map(s -> "<remote-site name=\"" + s + "\"/>").collect(Collectors.joining());
        String caches = CACHES.stream().map(cache -> "<distributed-cache name=\"" + cache + "\" owners=\"2\""
                + " mode=\"SYNC\">" + backupSite.map(s -> "<backups><backup site=\"" + s + "\" strategy=\""
                + cache.toUpperCase(Locale.ROOT) + "\" timeout=\"10000\"" + (cache.equals("sync")
                ? " failure-policy=\"FAIL\"" : "") + "/></backups>")
                .orElse("") + "</distributed-cache>").collect(Collectors.joining());
        // FD_SOCK2 listens at the TCP port + 50000, past 65535 for most free ports: failure detection is FD_ALL3's.
        return """
                <infinispan xmlns="urn:infinispan:config:15.0">
                  <jgroups>
                    <!-- Declared before the stack whose remote-sites name it. -->
                    <stack name="bridge" extends="tunnel">
                      <TUNNEL xmlns="urn:org:jgroups" bind_addr="127.0.0.1" gossip_router_hosts="%s"/>
                    </stack>
                    <stack name="site" extends="tcp">
                      <TCP xmlns="urn:org:jgroups" bind_addr="127.0.0.1" bind_port="%d" port_range="0"/>
                      <TCPPING xmlns="urn:org:jgroups" initial_hosts="%s" port_range="0"
                               stack.combine="REPLACE" stack.position="MPING"/>
                      <FD_SOCK2 xmlns="urn:org:jgroups" stack.combine="REMOVE"/>
                      <relay.RELAY2 xmlns="urn:org:jgroups" site="%s" max_site_masters="1"/>
                      <remote-sites default-stack="bridge" cluster="bridge">%s</remote-sites>
                    </stack>
                  </jgroups>
                  <cache-container>
                    <transport cluster="grid-%s" stack="site" node-name="%s"/>
                    %s
                  </cache-container>
                </infinispan>
                """.formatted(routerHosts, port, initialHosts, site, remoteSites, site, name, caches);
    }
}
