package io.xsite.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.xsite.cli.chat.ChatService;
import io.xsite.cli.grid.GridService;
import io.xsite.cli.stream.StreamReceiver;
import io.xsite.net.admin.AdminAccess;
import io.xsite.net.admin.AdminRoute;
import io.xsite.core.member.Member;
import io.xsite.core.member.MemberConfig;
import io.xsite.net.loop.EventLoops;
import io.xsite.net.loop.SocketFailures;
import io.xsite.grid.store.GridStore;
import io.xsite.grid.xsite.RelaySiteLink;
import io.xsite.grid.xsite.SiteLink;
import io.xsite.grid.resp.RespConfig;
import io.xsite.relay.RelayConfig;
import io.xsite.relay.RelayNode;
import io.xsite.relay.page.LivePage;
import io.xsite.relay.page.NodeStatus;
import io.xsite.relay.probe.ProbeService;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code xsite node}: runs one member of a site's cluster until SIGTERM or SIGINT, then leaves the
 * cluster gracefully ({@link Member#close()}) and exits 0. Its configuration is
 * {@link NodeConfig#DEFAULTS} with the host name as member name, then the {@code --config} YAML file,
 * then the environment ({@code XSITE_NODE_*} over the reference deployment's names, see
 * {@link NodeSettings}), then flags. The effective configuration is logged at INFO; stdout stays empty.
 *
 * <p>With a site and routers it is a {@link RelayNode}: the site stays a cluster of its own (transport and
 * discovery as configured) and its site masters bridge it to the other sites through the routers. A relay
 * node answers chat lines ({@link ChatService}) and logs each one it receives, and it accounts for the numbered
 * streams of {@code xsite stream} on {@code /streams} ({@link StreamReceiver}). Requests are answered with
 * an empty payload (the default handler).
 */
@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = NodeCommand.Defaults.class,
        description = "Runs a member of a site's cluster until SIGTERM or SIGINT, then leaves gracefully.",
        footer = {"%nWith a site and routers the member is a relay node: its site masters bridge",
                "the site to the others through the routers, and it answers chat lines.",
                "Every option --NAME is also the key NAME in the --config file",
                "(e.g. \"cluster: demo\") and the environment variable XSITE_NODE_<NAME>",
                "(upper case, - as _). Later layers win: defaults < file < environment < flags.",
                "--admin-token-file and --tls-dir are shared by every command: token-file",
                "under admin: and dir under tls: in the file, XSITE_ADMIN_TOKEN_FILE and",
                "XSITE_TLS_DIR in the environment; --grid-caches is caches: under grid:",
                "and XSITE_GRID_CACHES (--grid-backups and --grid-conflicts likewise).",
                "The node serves the grid (unless --resp-port is -1): Redis clients on",
                "--resp-port (TLS with --tls-dir), /grid/status and /caches/CACHE/KEY on",
                "the admin port. Relay nodes serve it too and back each cache up to the",
                "sites --grid-backups names, through the relay.",
                "Also read from the environment, below XSITE_NODE_*: SITE, DNS_QUERY",
                "(discovery dns:NAME), KUBERNETES_LABELS (discovery kubernetes:SELECTOR),",
                "KUBERNETES_NAMESPACE, TUNNEL_INITIAL_HOSTS (routers), JGROUPS_EXTERNAL_ADDR.",
                "Durations: 500ms, 30s, 5m, 1h or ISO-8601 (PT30S)."})
public final class NodeCommand extends XsiteSubcommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(NodeCommand.class);

    @Mixin
    NodeOptions options;

    @Mixin
    GridOptions grid;

    /** Help shows the defaults of {@link MemberConfig#DEFAULTS} and this host's name. */
    static final class Defaults extends ConfigDefaults {
        Defaults() {
            super(Options.OPTIONS);
        }
    }

    /** Loads the configuration, starts the member or relay node and runs until the process is asked to stop. */
    @Override
    public Integer call() throws InterruptedException {
        NodeConfig nodeConfig = secured(load(), "node");
        log.info("node configuration: {}", NodeSettings.describe(nodeConfig));
        AdminAccess adminAccess = AdminTokenFile.access(nodeConfig.adminTokenFile());
        AutoCloseable running = nodeConfig.relay().<AutoCloseable>map(relay -> startRelay(relay, nodeConfig, adminAccess))
                .orElseGet(() -> start(nodeConfig, adminAccess));
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close(running);
            closed.countDown();
            // SIGTERM is how a member is meant to stop (Kubernetes, systemd, Ctrl-C), so a graceful leave
            // ends the process with 0 rather than the JVM's 128+signal, as the router does.
            Runtime.getRuntime().halt(0);
        }, "xsite-node-shutdown"));
        closed.await();
        return 0;
    }

    /** The node's configuration: defaults, file, environment, flags. */
    NodeConfig load() {
        return options.load(Options.OPTIONS, Options.DEFAULTS, xsite.environment(), spec.commandLine().getParseResult());
    }

    /**
     * {@code config} with the member's TLS material open (reloaded when its files change), or without any
     * where it may run so (see {@link TlsSettings}).
     *
     * @throws CommandFailure when it needs TLS material and has none, or cannot use it
     */
    static NodeConfig secured(NodeConfig config, String component) {
        String bind = config.member().tcp().bind().getAddress().getHostAddress();
        return config.withMember(config.member().withTls(
                TlsSettings.open(component, bind, config.tlsDir(), config.insecure()).orElse(null)));
    }

    /**
     * A relay node that answers chat lines, logging each line it receives, and serves the grid unless its RESP
     * port is -1, its caches backed up to other sites through the relay; closing stops the grid, then the node.
     */
    private static AutoCloseable startRelay(RelayConfig relayConfig, NodeConfig config, AdminAccess adminAccess) {
        RelayNode node = startOrFail(() -> RelayNode.start(relayConfig, adminAccess));
        ProbeService.install(node);
        ChatService.attach(node, line -> log.info("[{}] {}", node.address(), line));
        StreamReceiver.install(node);
        if (!config.grid().enabled()) {
            return node;
        }
        try {
            GridService grid = startOrFail(() -> startGrid(node, config, node::addAdminRoute));
            return () -> {
                grid.close();
                node.close();
            };
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /**
     * A member with the live page on its admin endpoint, serving the grid unless its RESP port is -1; closing
     * stops the grid and the page, then leaves.
     */
    private static AutoCloseable start(NodeConfig config, AdminAccess adminAccess) {
        if (!config.grid().enabled()) {
            Member member = startOrFail(() -> Member.start(config.member(), adminAccess));
            Runnable stopPage = livePage(member);
            return () -> {
                stopPage.run();
                member.close();
            };
        }
        // The member, its listeners, the grid and the grid's RESP connections share one event loop, as on a
        // relay node: a member message or a RESP request is handled where it is read, without waking a thread.
        EventLoopGroup thread = EventLoops.create("xsite-node-" + config.member().name(), 1);
        EventLoop loop = thread.next();
        Runnable stopThread = () -> thread.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        Member member;
        try {
            member = startOrFail(() -> Member.start(config.member(), loop, loop, adminAccess));
        } catch (RuntimeException e) {
            stopThread.run();
            throw e;
        }
        Runnable stopPage = livePage(member);
        try {
            GridService grid = startOrFail(() -> startGrid(member, config, registry -> GridStore.start(member,
                    config.grid().caches(), registry, loop), member::addAdminRoute));
            return () -> {
                grid.close();
                stopPage.run();
                member.close();
                stopThread.run();
            };
        } catch (RuntimeException e) {
            stopPage.run();
            member.close();
            stopThread.run();
            throw e;
        }
    }

    /**
     * The live page ({@code /}, {@code /status}, {@code /events}) on {@code member}'s admin endpoint, where it
     * has one; returns what stops it. Its stream counts go to a registry of their own: the member's
     * {@code /metrics} is the member's.
     */
    private static Runnable livePage(Member member) {
        if (member.adminAddress().isEmpty()) {
            return () -> { };
        }
        LivePage page = new LivePage(() -> NodeStatus.ofMember(member), EventLoops.shared().next(),
                new SimpleMeterRegistry());
        page.routes().forEach(member::addAdminRoute);
        return page::close;
    }

    /**
     * The grid of a relay node, as {@code xsite node} with a site starts it: on the node's site member, its caches
     * backed up to other sites through {@link RelaySiteLink}, its routes added with {@code addRoute}.
     */
    static GridService startGrid(RelayNode node, NodeConfig config, BiPredicate<String, AdminRoute> addRoute) {
        SiteLink sites = RelaySiteLink.of(node);
        return startGrid(node.localMember(), config,
                registry -> GridStore.start(node.localMember(), config.grid().caches(), registry, sites), addRoute);
    }

    /**
     * The grid's store {@code start} makes with a registry of the member's, served over RESP and on the node's
     * admin endpoint ({@code addRoute}).
     */
    private static GridService startGrid(Member member, NodeConfig config,
                                         Function<PrometheusMeterRegistry, GridStore> start,
                                         BiPredicate<String, AdminRoute> addRoute) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("cluster", member.cluster(), "member", member.name());
        RespConfig resp = config.grid().resp(config.member().tcp().bind().getAddress(),
                Optional.ofNullable(config.member().tls()));
        GridStore store = start.apply(registry);
        return GridService.start(store, config.grid().caches(), registry, resp, addRoute);
    }

    /** Runs {@code start}, turning what the user can fix into a {@link CommandFailure}. */
    static <T> T startOrFail(Supplier<T> start) {
        try {
            return start.get();
        } catch (Exception e) {
            // Netty rethrows a failed bind's checked exception undeclared; the admin endpoint wraps its own
            // in IllegalStateException. Both are the user's to fix (port taken, address not local).
            if (SocketFailures.isSocketFailure(e) || e instanceof IllegalStateException) {
                throw new CommandFailure("cannot start member (" + SocketFailures.message(e) + ")", e);
            }
            throw e;
        }
    }

    private static void close(AutoCloseable running) {
        try {
            running.close();
        } catch (Exception e) {
            log.warn("node did not close cleanly: {}", e.toString());
        }
    }

    /** This host's name, the default member name of {@code node} and {@code chat}. */
    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // A host whose own name does not resolve still runs: the logical name is only a label.
            return MemberConfig.DEFAULTS.name();
        }
    }

    /**
     * The defaults and options, computed on first use: the host name lookup can take a moment, and
     * only {@code xsite node} needs it, not every command that builds the command line.
     */
    private static final class Options {
        static final NodeConfig DEFAULTS = NodeConfig.DEFAULTS.withMember(MemberConfig.DEFAULTS.withName(hostName()));
        static final ConfigOptions<NodeConfig> OPTIONS = new ConfigOptions<>(NodeSettings.SCHEMA, DEFAULTS);
    }
}
