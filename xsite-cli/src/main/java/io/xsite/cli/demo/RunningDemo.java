package io.xsite.cli.demo;

import io.xsite.cli.chat.ChatService;
import io.xsite.net.admin.AdminAccess;
import io.xsite.net.admin.AdminToken;
import io.xsite.relay.RelayNode;
import io.xsite.relay.probe.ProbeService;
import io.xsite.relay.topology.SiteView;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo, running: its routers and members ({@link DemoCluster}, in this JVM or in JVMs of their own),
 * each answering chat lines and serving the grid, and the visitor, a relay node in this JVM with a
 * {@link ChatService} that prints to the demo's output, serving the grid too (a member of the site's view owns
 * segments like any other). Everything between members runs with TLS from a throwaway CA made for the run
 * ({@link DemoPki}), as a deployment does; RESP is plain on loopback in this JVM, TLS in the members' own
 * ({@link DemoCluster#respTls()}). The visitor's admin endpoint alone asks for the run's admin token: it takes the
 * script's state-changing requests (a push of state), while the members' stay open for reading, so that their live
 * pages need no token. Closing stops the visitor, then the cluster, then deletes the certificates.
 */
public final class RunningDemo implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunningDemo.class);

    private final DemoPlan plan;
    private final DemoPki pki;
    private final DemoCluster cluster;
    private final ChatService chat;
    private final DemoGrid visitorGrid;

    private RunningDemo(DemoPlan plan, DemoPki pki, DemoCluster cluster, ChatService chat, DemoGrid visitorGrid) {
        this.plan = plan;
        this.pki = pki;
        this.cluster = cluster;
        this.chat = chat;
        this.visitorGrid = visitorGrid;
    }

    /**
     * Starts the demo in this JVM; the visitor's chat prints to {@code out}. The members log what they
     * hear (at INFO) instead of printing it, so that the output shows the visitor's side only.
     */
    public static RunningDemo inJvm(DemoPlan plan, Consumer<String> out) {
        DemoPki pki = DemoPki.create(plan.layout().siteNames());
        try {
            InJvmCluster cluster = InJvmCluster.start(plan, pki,
                    node -> {
                        ProbeService.install(node);
                        ChatService.attach(node, line -> log.info("[{}] {}", node.address(), line));
                    });
            return withVisitor(plan, pki, cluster, out);
        } catch (RuntimeException e) {
            pki.close();
            throw e;
        }
    }

    /** Starts every router and member in a JVM of its own, owned by {@code children}; the visitor stays here. */
    public static RunningDemo inProcesses(DemoPlan plan, ChildProcesses children, Consumer<String> out)
            throws IOException {
        DemoPki pki = DemoPki.create(plan.layout().siteNames());
        try {
            return withVisitor(plan, pki, ProcessCluster.start(plan, pki, children), out);
        } catch (IOException | RuntimeException e) {
            pki.close();
            throw e;
        }
    }

    private static RunningDemo withVisitor(DemoPlan plan, DemoPki pki, DemoCluster cluster, Consumer<String> out) {
        try {
            RelayNode visitor = RelayNode.start(plan.visitor().relayConfig(plan.layout().bridge(), cluster.routers(),
                    pki.siteTls(plan.visitor().site())), AdminAccess.OPEN.withToken(AdminToken.read(
                    pki.adminTokenFile())));
            try {
                ChatService chat = ChatService.attach(visitor, out);
                return new RunningDemo(plan, pki, cluster, chat, DemoGrid.start(plan.visitor(), visitor));
            } catch (RuntimeException e) {
                visitor.close();
                throw e;
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Where the run's throwaway certificates are, for the banner. */
    public DemoPki pki() {
        return pki;
    }

    /** The plan this demo runs. */
    public DemoPlan plan() {
        return plan;
    }

    /** The routers and members. */
    public DemoCluster cluster() {
        return cluster;
    }

    /** The visitor's chat. */
    public ChatService chat() {
        return chat;
    }

    /** Members per site once everyone has joined, the visitor included: {@code nyc=5, sfc=4}. */
    public Map<String, Integer> expectedSites() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        plan.members().forEach(member -> sizes.merge(member.site(), 1, Integer::sum));
        sizes.merge(plan.visitor().site(), 1, Integer::sum);
        return sizes;
    }

    /**
     * Waits until the visitor's topology shows every site with all its members and a site master.
     *
     * @return empty once it does; else why not (what the visitor sees, or a part that exited)
     */
    public Optional<String> awaitFormed(Duration timeout) throws InterruptedException {
        Map<String, Integer> expected = expectedSites();
        Optional<Boolean> formed = Polling.poll(timeout, () -> cluster.unexpectedExit().isPresent()
                || formed(expected) ? Optional.of(true) : Optional.empty());
        Optional<String> exited = cluster.unexpectedExit();
        if (exited.isPresent()) {
            return exited;
        }
        return formed.isPresent() ? Optional.empty()
                : Optional.of("after " + timeout.toSeconds() + "s " + plan.visitor().name() + " sees " + seen(expected));
    }

    /** What the visitor sees of each expected site: {@code nyc 5/5 members, sfc 3/4 members}. */
    public String seen(Map<String, Integer> expected) {
        Map<String, SiteView> topology = chat.node().topology();
        return expected.entrySet().stream().map(site -> site.getKey() + " " + Optional.ofNullable(
                        topology.get(site.getKey())).map(v -> v.members().size()).orElse(0) + "/" + site.getValue()
                        + " members").collect(Collectors.joining(", "));
    }

    private boolean formed(Map<String, Integer> expected) {
        Map<String, SiteView> topology = chat.node().topology();
        return expected.entrySet().stream().allMatch(site -> {
            SiteView view = topology.get(site.getKey());
            return view != null && view.members().size() == site.getValue() && !view.siteMasters().isEmpty();
        });
    }

    /** Stops the visitor, then every member and router. */
    @Override
    public void close() {
        try {
            try {
                visitorGrid.close();
            } finally {
                chat.node().close();
            }
        } finally {
            try {
                cluster.close();
            } finally {
                pki.close();
            }
        }
    }

    /** The names of the members (visitor included) expected to answer, as addresses print: {@code nyc1:nyc}. */
    public List<String> expectedResponders() {
        return Stream.concat(plan.members().stream(), Stream.of(plan.visitor()))
                .map(member -> member.name() + ":" + member.site()).toList();
    }
}
