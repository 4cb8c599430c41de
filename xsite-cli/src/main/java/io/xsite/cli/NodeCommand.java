package io.xsite.cli;

import io.xsite.cli.config.ConfigLoader;
import io.xsite.cli.config.YamlConfig;
import io.xsite.core.member.Member;
import io.xsite.core.member.MemberConfig;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code xsite node}: runs one member of a site's cluster until SIGTERM or SIGINT, then leaves the
 * cluster gracefully ({@link Member#close()}) and exits 0. Its configuration is
 * {@link MemberConfig#DEFAULTS} with the host name as member name, then the {@code --config} YAML file,
 * then the environment ({@code XSITE_NODE_*} over the reference deployment's names, see
 * {@link NodeSettings}), then flags. The effective configuration is logged at INFO; stdout stays empty.
 * Requests to the member are answered with an empty payload (the member's default handler).
 *
 * <p>The option fields are read through picocli's model ({@link ConfigOptions#flags}), which knows
 * which of them were given.
 */
@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = NodeCommand.Defaults.class,
        description = "Runs a member of a site's cluster until SIGTERM or SIGINT, then leaves gracefully.",
        footer = {"%nEvery option --NAME is also the key NAME in the --config file",
                "(e.g. \"cluster: demo\") and the environment variable XSITE_NODE_<NAME>",
                "(upper case, - as _). Later layers win: defaults < file < environment < flags.",
                "Also read from the environment, below XSITE_NODE_*: SITE, DNS_QUERY",
                "(discovery dns:NAME), TUNNEL_INITIAL_HOSTS (routers), JGROUPS_EXTERNAL_ADDR.",
                "Durations: 500ms, 30s, 5m, 1h or ISO-8601 (PT30S)."})
public final class NodeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(NodeCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file with member settings.")
    Path config;

    @Option(names = "--cluster", paramLabel = "NAME",
            description = "Cluster to join; members of other clusters are ignored. Default: ${DEFAULT-VALUE}.")
    String cluster;

    @Option(names = "--name", paramLabel = "NAME",
            description = "This member's logical name. Default: the host name (${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--site", paramLabel = "NAME", description = "The site this member belongs to. Default: none.")
    String site;

    @Option(names = "--transport", paramLabel = "tcp|tunnel",
            description = "tcp (members dial each other) or tunnel (through routers). Default: ${DEFAULT-VALUE}.")
    String transport;

    @Option(names = "--routers", paramLabel = "LIST",
            description = "Gossip routers, host[port] or host:port, comma-separated (tunnel transport, router "
                    + "discovery). Default: none.")
    String routers;

    @Option(names = "--discovery", paramLabel = "SPEC",
            description = "How members find each other: static:HOST[PORT],..., dns:NAME[:PORT], dns+srv:NAME or "
                    + "router. Default: router for tunnel, none for tcp (the member forms a view of its own).")
    String discovery;

    @Option(names = {"--bind", "--bind-address"}, paramLabel = "ADDRESS",
            description = "Interface to listen on (members and admin endpoint). Default: ${DEFAULT-VALUE}.")
    String bindAddress;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port other members connect to; 0 = any free port. Default: ${DEFAULT-VALUE}.")
    String port;

    @Option(names = "--external-address", paramLabel = "ADDRESS",
            description = "Address advertised to other members (NAT, containers). Default: the bind address.")
    String externalAddress;

    @Option(names = "--admin-port", paramLabel = "PORT",
            description = "HTTP admin port (/health, /ready, /view, /metrics); -1 = none. Default: ${DEFAULT-VALUE}.")
    String adminPort;

    @Option(names = "--heartbeat-interval", paramLabel = "DURATION",
            description = "How often a member tells the others it is alive. Default: ${DEFAULT-VALUE}.")
    String heartbeatInterval;

    @Option(names = "--suspect-timeout", paramLabel = "DURATION",
            description = "Silence after which a member is suspected. Default: ${DEFAULT-VALUE}.")
    String suspectTimeout;

    @Option(names = "--verify-timeout", paramLabel = "DURATION",
            description = "How long a suspected member has to answer before it is excluded. "
                    + "Default: ${DEFAULT-VALUE}.")
    String verifyTimeout;

    @ParentCommand
    XsiteCommand xsite;

    @Spec
    CommandSpec spec;

    /** Help shows the defaults of {@link MemberConfig#DEFAULTS} and this host's name. */
    static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            return Options.OPTIONS.defaultValue(arg);
        }
    }

    /** Loads the configuration, starts the member and runs until the process is asked to stop. */
    @Override
    public Integer call() throws InterruptedException {
        MemberConfig memberConfig = load();
        log.info("node configuration: {}", NodeSettings.describe(memberConfig));
        Member member = start(memberConfig);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            member.close();
            closed.countDown();
            // SIGTERM is how a member is meant to stop (Kubernetes, systemd, Ctrl-C), so a graceful leave
            // ends the process with 0 rather than the JVM's 128+signal, as the router does.
            Runtime.getRuntime().halt(0);
        }, "xsite-node-shutdown"));
        closed.await();
        return 0;
    }

    /** The member's configuration: defaults, file, environment, flags. */
    MemberConfig load() {
        YamlConfig file = config == null ? YamlConfig.NONE : YamlConfig.read(config);
        return new ConfigLoader<>(Options.OPTIONS.schema()).load(Options.DEFAULTS, file, xsite.environment(),
                Options.OPTIONS.flags(spec.commandLine().getParseResult()));
    }

    private static Member start(MemberConfig memberConfig) {
        try {
            return Member.start(memberConfig);
        } catch (Exception e) {
            // Netty rethrows a failed bind's checked BindException undeclared; the admin endpoint wraps its own
            // in IllegalStateException. Both are the user's to fix (port taken, address not local).
            if (e instanceof SocketException || e instanceof IllegalStateException) {
                throw new CommandFailure("cannot start member (" + e.getMessage() + ")", e);
            }
            throw e;
        }
    }

    /**
     * The defaults and options, computed on first use: the host name lookup can take a moment, and
     * only {@code xsite node} needs it, not every command that builds the command line.
     */
    private static final class Options {
        static final MemberConfig DEFAULTS = MemberConfig.DEFAULTS.withName(hostName());
        static final ConfigOptions<MemberConfig> OPTIONS = new ConfigOptions<>(NodeSettings.SCHEMA, DEFAULTS);

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                // A host whose own name does not resolve still runs: the logical name is only a label.
                return MemberConfig.DEFAULTS.name();
            }
        }
    }
}
