package io.xsite.cli;

import io.xsite.cli.config.YamlConfig;
import io.xsite.net.admin.AdminAccess;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xsite router}: runs a gossip router (JGroups 5.x wire compatible) until SIGTERM or SIGINT.
 * Its configuration is {@link RouterConfig#DEFAULTS}, then the {@code --config} YAML file, then
 * {@code XSITE_ROUTER_*} environment variables, then flags. The router logs its effective
 * configuration once it listens; stdout stays empty.
 *
 * <p>The option fields are read through picocli's model ({@link ConfigOptions#flags}), which knows
 * which of them were given.
 */
@Command(name = "router", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = RouterCommand.Defaults.class,
        description = "Runs a gossip router (JGroups 5.x compatible) until SIGTERM or SIGINT.",
        footer = {"%nEvery option --NAME is also the key NAME in the --config file",
                "(e.g. \"port: 12001\") and the environment variable XSITE_ROUTER_NAME",
                "(upper case, - as _). Later layers win: defaults < file < environment < flags.",
                "--admin-token-file and --tls-dir are shared by every command: token-file",
                "under admin: and dir under tls: in the file, XSITE_ADMIN_TOKEN_FILE and",
                "XSITE_TLS_DIR in the environment.",
                "Durations: 500ms, 30s, 5m, 1h, 1d, 0 or ISO-8601 (PT30S).",
                "Sizes: bytes, or whole KiB, MiB, GiB (8MiB)."})
public final class RouterCommand extends XsiteSubcommand implements Callable<Integer> {
    private static final ConfigOptions<RouterProcessConfig> OPTIONS =
            new ConfigOptions<>(RouterSettings.SCHEMA, RouterProcessConfig.DEFAULTS);

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file with router settings.")
    Path config;

    @Option(names = {"--bind", "--bind-address"}, paramLabel = "ADDRESS",
            description = "Interface to listen on (router and admin endpoint). Default: ${DEFAULT-VALUE}.")
    String bindAddress;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port members and tools connect to; 0 = any free port. Default: ${DEFAULT-VALUE}.")
    String port;

    @Option(names = "--admin-port", paramLabel = "PORT",
            description = "HTTP admin port (/health, /ready, /metrics); -1 = none. Default: ${DEFAULT-VALUE}.")
    String adminPort;

    @Mixin
    SecurityOptions security;

    @Option(names = "--bridges", paramLabel = "NAMES",
            description = "With TLS: the bridge clusters every site may register its bridge members in; any other "
                    + "cluster belongs to the site it is named after. Default: ${DEFAULT-VALUE}.")
    String bridges;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Open client connections at most. Default: ${DEFAULT-VALUE}.")
    String maxConnections;

    @Option(names = "--max-connections-per-address", paramLabel = "N",
            description = "Open client connections from one IP address at most. Default: ${DEFAULT-VALUE}.")
    String maxConnectionsPerAddress;

    @Option(names = "--max-registrations-per-connection", paramLabel = "N",
            description = "Addresses one connection may register. Default: ${DEFAULT-VALUE}.")
    String maxRegistrationsPerConnection;

    @Option(names = "--max-name-length", paramLabel = "N",
            description = "Longest cluster or logical name, in characters. Default: ${DEFAULT-VALUE}.")
    String maxNameLength;

    @Option(names = "--first-frame-timeout", paramLabel = "DURATION",
            description = "Close a connection that sent no complete frame this long. Default: ${DEFAULT-VALUE}.")
    String firstFrameTimeout;

    @Option(names = "--max-control-frame-bytes", paramLabel = "SIZE",
            description = "Longest frame before a connection registered, and of any frame but MESSAGE. "
                    + "Default: ${DEFAULT-VALUE}.")
    String maxControlFrameBytes;

    @Option(names = "--io-threads", paramLabel = "N",
            description = "Event-loop threads serving the connections; 0 = one per processor. "
                    + "Default: ${DEFAULT-VALUE}.")
    String ioThreads;

    @Option(names = "--max-frame-bytes", paramLabel = "SIZE",
            description = "Longest frame accepted; a longer one closes its connection. Default: ${DEFAULT-VALUE}.")
    String maxFrameBytes;

    @Option(names = "--idle-expiry", paramLabel = "DURATION",
            description = "Close connections silent this long; 0 = never. Default: ${DEFAULT-VALUE}.")
    String idleExpiry;

    @Option(names = "--tcp-keepalive", paramLabel = "BOOLEAN", arity = "0..1", fallbackValue = "true",
            description = "SO_KEEPALIVE on member connections. Default: ${DEFAULT-VALUE}.")
    String tcpKeepalive;

    @Option(names = "--slow-receiver-timeout", paramLabel = "DURATION",
            description = "Disconnect a member that accepts no data this long. Default: ${DEFAULT-VALUE}.")
    String slowReceiverTimeout;

    @Option(names = "--write-buffer-low-water-mark", paramLabel = "SIZE",
            description = "Queued bytes below which a slow member is writable again. Default: ${DEFAULT-VALUE}.")
    String writeBufferLowWaterMark;

    @Option(names = "--write-buffer-high-water-mark", paramLabel = "SIZE",
            description = "Queued bytes above which frames to a member are dropped. Default: ${DEFAULT-VALUE}.")
    String writeBufferHighWaterMark;

    @Option(names = "--takeover-after-silence", paramLabel = "DURATION",
            description = "Silence after which another connection may take over a registered address. "
                    + "Default: ${DEFAULT-VALUE}.")
    String takeoverAfterSilence;

    /** Help shows the defaults of {@link RouterConfig#DEFAULTS}. */
    static final class Defaults extends ConfigDefaults {
        Defaults() {
            super(OPTIONS);
        }
    }

    /** Loads the configuration, starts the router and serves until the process is asked to stop. */
    @Override
    public Integer call() throws InterruptedException {
        RouterProcessConfig config = load();
        AdminAccess adminAccess = AdminTokenFile.access(config.adminTokenFile());
        Optional<ReloadingTls> tls = TlsSettings.open("router", config.router().bindAddress(), config.tlsDir(),
                config.insecure());
        GossipRouter router;
        try {
            router = tls.isPresent()
                    ? GossipRouter.start(config.router(), tls.get(), Set.copyOf(config.bridges()), adminAccess)
                    : GossipRouter.start(config.router(), adminAccess);
        } catch (IllegalStateException e) {
            throw new CommandFailure("cannot start router (" + e.getMessage() + ")", e);
        }
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            router.close();
            closed.countDown();
            // SIGTERM is how a router is meant to stop (Kubernetes, systemd, Ctrl-C), so a clean close
            // ends the process with 0 rather than the JVM's 128+signal; main's System.exit cannot,
            // as it blocks once shutdown has begun.
            Runtime.getRuntime().halt(0);
        }, "xsite-router-shutdown"));
        closed.await();
        return 0;
    }

    /** The router's configuration: defaults, file, environment, flags. */
    RouterProcessConfig load() {
        YamlConfig file = config == null ? YamlConfig.NONE : YamlConfig.read(config);
        return settings(OPTIONS, RouterProcessConfig.DEFAULTS, file);
    }
}
