package io.xsite.bench.infinispan;

import io.xsite.bench.grid.Ready;
import io.xsite.bench.grid.ServerProcess;
import io.xsite.core.discovery.LoopbackPorts;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * xsite's two sites: two {@code xsite router} processes and {@code xsite node} relay nodes (3 in nyc, 2 in sfc,
 * each site a tcp cluster with static discovery on loopback), caches {@code default} and {@code sessions}
 * (owners 2) backed up from nyc to sfc, {@code default} synchronously failing the write when sfc does not apply
 * it (10 s), {@code sessions} asynchronously. Everything at its production defaults otherwise.
 */
final class XsiteSites implements SystemLauncher {
    static final String SYSTEM = "xsite";
    private static final String MAIN = "io.xsite.cli.XsiteCommand";
    private static final String BACKUPS = "default=sfc:sync:10s:fail,sessions=sfc:async";

    @Override
    public String system() {
        return SYSTEM;
    }

    @Override
    public List<String> routerCommand(int port, ChildSettings settings) {
        return ServerProcess.java(settings.jvmOptions(), MAIN, List.of("router", "--bind", "127.0.0.1", "--port",
                String.valueOf(port), "--admin-port", "-1"));
    }

    @Override
    public void startSite(Deployment deployment, String site, int size, List<Integer> routerPorts,
                          ChildSettings settings) throws InterruptedException {
        String routers = routerPorts.stream().map(p -> "127.0.0.1[" + p + "]").collect(Collectors.joining(","));
        List<Integer> ports = LoopbackPorts.free(3 * size);
        String discovery = "static:" + ports.subList(0, size).stream().map(p -> "127.0.0.1[" + p + "]")
                .collect(Collectors.joining(","));
        for (int i = 0; i < size; i++) {
            String name = site + i;
            int resp = ports.get(2 * size + i);
            List<String> args = new ArrayList<>(List.of("node", "--cluster", "grid-" + site, "--site", site,
                    "--name", name, "--bind", "127.0.0.1", "--port", String.valueOf(ports.get(i)),
                    "--admin-port", String.valueOf(ports.get(size + i)), "--resp-port", String.valueOf(resp),
                    "--discovery", discovery, "--routers", routers, "--grid-caches", "default:2,sessions:2"));
            if (site.equals(Deployment.NYC)) {
                args.addAll(List.of("--grid-backups", BACKUPS));
            }
            ServerProcess process = ServerProcess.start("xsite " + name, settings.niceness(),
                    ServerProcess.java(settings.jvmOptions(), MAIN, args));
            deployment.addMember(new SiteMember(site, process, new InetSocketAddress("127.0.0.1", resp)));
        }
        for (SiteMember member : deployment.members(site)) {
            Ready.await(member.process().name() + " serving RESP", settings.timeout(), member.process(),
                    () -> "+PONG".equals(Deployment.call(member.resp(), "PING")));
        }
    }
}
