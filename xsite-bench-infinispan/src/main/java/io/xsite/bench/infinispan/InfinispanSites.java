package io.xsite.bench.infinispan;

import io.xsite.bench.grid.Ready;
import io.xsite.bench.grid.ServerProcess;
import io.xsite.core.discovery.LoopbackPorts;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Infinispan 15's two sites: two JGroups 5.3 {@code GossipRouter} processes (as shipped, blocking I/O) and
 * {@link InfinispanNode} members (3 in nyc, 2 in sfc), caches {@code sync} and {@code async} backed up from
 * nyc to sfc.
 */
final class InfinispanSites implements SystemLauncher {
    static final String SYSTEM = "infinispan";
    private static final String ROUTER_MAIN = "org.jgroups.stack.GossipRouter";

    @Override
    public String system() {
        return SYSTEM;
    }

    @Override
    public List<String> routerCommand(int port, ChildSettings settings) {
        return ServerProcess.java(settings.jvmOptions(), ROUTER_MAIN, List.of("-bind_addr", "127.0.0.1", "-port",
                String.valueOf(port)));
    }

    @Override
    public void startSite(Deployment deployment, String site, int size, List<Integer> routerPorts,
                          ChildSettings settings) throws InterruptedException {
        String routers = routerPorts.stream().map(String::valueOf).collect(Collectors.joining(","));
        List<Integer> ports = LoopbackPorts.free(2 * size);
        String sitePorts = ports.subList(0, size).stream().map(String::valueOf).collect(Collectors.joining(","));
        for (int i = 0; i < size; i++) {
            String name = site + i;
            int resp = ports.get(size + i);
            List<String> args = new ArrayList<>(List.of("--site", site, "--name", name,
                    "--port", String.valueOf(ports.get(i)), "--site-ports", sitePorts,
                    "--sites", Deployment.NYC + "," + Deployment.SFC, "--routers", routers,
                    "--resp-port", String.valueOf(resp)));
            if (site.equals(Deployment.NYC)) {
                args.addAll(List.of("--backup-site", Deployment.SFC));
            }
            ServerProcess process = ServerProcess.start("infinispan " + name, settings.niceness(),
                    ServerProcess.java(settings.jvmOptions(), InfinispanNode.class.getName(), args));
            deployment.addMember(new SiteMember(site, process, new InetSocketAddress("127.0.0.1", resp)));
        }
        for (SiteMember member : deployment.members(site)) {
            Ready.await(member.process().name() + " in a view of " + size, settings.timeout(), member.process(),
                    () -> (":" + size).equals(Deployment.call(member.resp(), "MEMBERS")));
        }
    }
}
