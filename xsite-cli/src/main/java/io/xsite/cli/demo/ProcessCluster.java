package io.xsite.cli.demo;

import io.xsite.core.discovery.LoopbackPorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The demo's routers and members each in a JVM of its own: {@code xsite router} and {@code xsite node}
 * (as a relay node: site, bridge, routers) started through {@link ChildJvm}, owned by a
 * {@link ChildProcesses}. A crash is SIGKILL.
 */
public final class ProcessCluster implements DemoCluster {
    /** How long a router JVM may take to start listening: over 30 s on 2 cores shared with busy builds. */
    private static final Duration ROUTER_START = Duration.ofSeconds(90);
    /** Pause between connection attempts to a starting router. */
    private static final Duration POLL = Duration.ofMillis(25);

    private final DemoPlan plan;
    private final DemoPki pki;
    private final ChildProcesses children;
    private final List<InetSocketAddress> routers;

    private ProcessCluster(DemoPlan plan, DemoPki pki, ChildProcesses children, List<InetSocketAddress> routers) {
        this.plan = plan;
        this.pki = pki;
        this.children = children;
        this.routers = routers;
    }

    /**
     * Starts the routers, waits until they accept connections (so no member starts with a reconnect
     * backoff), then starts every member. The caller owns {@code children} and closes it.
     *
     * @throws IllegalStateException naming the part that did not start, with its last log line
     */
    public static ProcessCluster start(DemoPlan plan, DemoPki pki, ChildProcesses children) throws IOException {
        List<InetSocketAddress> routers = new ArrayList<>();
        for (int port : LoopbackPorts.free(plan.layout().routers())) {
            String name = "router-" + (routers.size() + 1);
            children.start(name, List.of("router", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                    "--admin-port", "-1", "--bridges", plan.layout().bridge(), "--tls-dir",
                    pki.routerDirectory().toString()));
            routers.add(new InetSocketAddress("127.0.0.1", port));
        }
        for (int i = 0; i < routers.size(); i++) {
            awaitListening("router-" + (i + 1), routers.get(i), children);
        }
        ProcessCluster cluster = new ProcessCluster(plan, pki, children, List.copyOf(routers));
        for (DemoMember member : plan.members()) {
            cluster.startMember(member);
        }
        return cluster;
    }

    private void startMember(DemoMember member) throws IOException {
        children.start(member.name(), member.nodeArguments(plan.layout().bridge(), routers,
                pki.siteDirectory(member.site())));
    }

    @Override
    public List<InetSocketAddress> routers() {
        return routers;
    }

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < routers.size(); i++) {
            String name = "router-" + (i + 1);
            lines.add(String.format("%-8s 127.0.0.1:%d, pid %d, log %s", name, routers.get(i).getPort(),
                    children.process(name).pid(), children.log(name)));
        }
        for (DemoMember member : plan.members()) {
            lines.add(String.format("%-8s site %s, tcp 127.0.0.1:%d, RESP %d, admin %d, pid %d, log %s", member.name(),
                    member.site(), member.port(), member.respPort(), member.adminPort(),
                    children.process(member.name()).pid(), children.log(member.name())));
        }
        return lines;
    }

    @Override
    public Optional<String> unexpectedExit() {
        return children.unexpectedExit();
    }

    @Override
    public String crash(String name) {
        long pid = children.process(name).pid();
        try {
            children.kill(name);
            return "SIGKILL to pid " + pid;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    @Override
    public String restart(List<String> names) {
        List<String> pids = new ArrayList<>();
        for (DemoMember member : plan.members()) {
            if (names.contains(member.name())) {
                try {
                    startMember(member);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot start " + member.name() + " again: " + e.getMessage(), e);
                }
                pids.add(Long.toString(children.process(member.name()).pid()));
            }
        }
        return "started again as pids " + String.join(", ", pids) + ", empty";
    }

    /** TLS: {@code xsite node --tls-dir} serves RESP with the site's certificate and asks for the client's. */
    @Override
    public boolean respTls() {
        return true;
    }

    @Override
    public void close() {
        children.close();
    }

    private static void awaitListening(String name, InetSocketAddress router, ChildProcesses children) {
        long deadline = System.nanoTime() + ROUTER_START.toNanos();
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(router, (int) POLL.toMillis() * 4);
                return;
            } catch (IOException refused) {
                Optional<String> exited = children.unexpectedExit();
                if (exited.isPresent()) {
                    throw new IllegalStateException("cannot start " + exited.get());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " is not listening on " + router + " after "
                            + ROUTER_START.toSeconds() + "s (log " + children.log(name) + ")", refused);
                }
                // A JVM needs a few hundred milliseconds to start; polling at this pace costs nothing.
                LockSupport.parkNanos(POLL.toNanos());
            }
        }
    }
}
