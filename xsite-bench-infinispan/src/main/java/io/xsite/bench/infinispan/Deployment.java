package io.xsite.bench.infinispan;

import io.xsite.bench.grid.Ready;
import io.xsite.bench.grid.RespLink;
import io.xsite.bench.grid.ServerProcess;
import io.xsite.core.discovery.LoopbackPorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One system's two sites as child processes: its two gossip routers and the members of nyc and sfc, each
 * serving RESP (database 0 backed up to sfc synchronously, database 1 asynchronously). Closing ends every
 * process that is still running.
 */
final class Deployment implements AutoCloseable {
    static final String NYC = "nyc";
    static final String SFC = "sfc";
    static final int NYC_MEMBERS = 3;
    static final int SFC_MEMBERS = 2;
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final int ROUTERS = 2;
    private static final String PROBE_KEY = "bench:probe";

    private final String system;
    private final List<ServerProcess> routers = new ArrayList<>();
    private final List<SiteMember> members = new ArrayList<>();

    private Deployment(String system) {
        this.system = system;
    }

    /**
     * Starts {@code launcher}'s two routers (the next one once the last listens), nyc, then sfc, and returns once
     * a synchronously backed-up write at nyc reads back at sfc; on failure ends whatever it started.
     */
    static Deployment start(SystemLauncher launcher, ChildSettings settings) throws InterruptedException {
        Deployment deployment = new Deployment(launcher.system());
        try {
            List<Integer> routerPorts = LoopbackPorts.free(ROUTERS);
            for (int i = 0; i < ROUTERS; i++) {
                int port = routerPorts.get(i);
                ServerProcess router = ServerProcess.start(launcher.system() + " router-" + i, settings.niceness(),
                        launcher.routerCommand(port, settings));
                deployment.routers.add(router);
                Ready.await(router.name() + " listening", settings.timeout(), router, () -> listening(port));
            }
            launcher.startSite(deployment, NYC, NYC_MEMBERS, routerPorts, settings);
            launcher.startSite(deployment, SFC, SFC_MEMBERS, routerPorts, settings);
            deployment.awaitBackups(settings.timeout());
            return deployment;
        } catch (RuntimeException | InterruptedException e) {
            deployment.close();
            throw e;
        }
    }

    String system() {
        return system;
    }

    void addMember(SiteMember member) {
        members.add(member);
    }

    List<SiteMember> members(String site) {
        return members.stream().filter(m -> m.site().equals(site)).toList();
    }

    /**
     * CPU time each of the system's processes (routers and members) used so far, in nanoseconds, by process name:
     * the differences over a load divided by its puts are the system's CPU per put, which a shared machine's load
     * does not skew the way it skews throughput.
     */
    Map<String, Long> cpuNanos() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        Stream.concat(routers.stream(), members.stream().map(SiteMember::process)).forEach(p -> cpu.put(p.name(),
                ProcessHandle.of(p.pid()).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L)));
        return cpu;
    }

    /** The RESP addresses of {@code site}'s members, in start order. */
    List<InetSocketAddress> resp(String site) {
        return members(site).stream().map(SiteMember::resp).toList();
    }

    /** SIGKILLs every member of {@code site} at once (none gets to say goodbye) and waits until they are gone. */
    void kill(String site) throws InterruptedException {
        List<SiteMember> doomed = members(site);
        List<Thread> killers = doomed.stream().map(m -> new Thread(() -> {
            try {
                m.process().kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kill-" + m.process().name())).toList();
        killers.forEach(Thread::start);
        for (Thread killer : killers) {
            killer.join();
        }
        members.removeAll(doomed);
    }

    /**
     * Waits until a synchronously backed-up write at nyc succeeds and reads back at every sfc member: both sites
     * are up and bridged.
     */
    private void awaitBackups(Duration timeout) throws InterruptedException {
        String value = "written at " + System.nanoTime();
        SiteMember nyc = members(NYC).get(0);
        Ready.await(system + " backing nyc up to sfc", timeout, nyc.process(), () -> {
            if (!"+OK".equals(call(nyc.resp(), "SET", PROBE_KEY, value))) {
                return false;
            }
            for (InetSocketAddress sfc : resp(SFC)) {
                if (!value.equals(call(sfc, "GET", PROBE_KEY))) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Whether something accepts TCP connections at {@code port} on loopback (a router is up). */
    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** One RESP call to {@code address} on a connection of its own. */
    static String call(InetSocketAddress address, String... command) throws IOException {
        try (RespLink link = RespLink.connect(address, PROBE_TIMEOUT)) {
            return link.call(command);
        }
    }

    @Override
    public void close() {
        members.forEach(m -> m.process().close());
        routers.forEach(ServerProcess::close);
    }
}
