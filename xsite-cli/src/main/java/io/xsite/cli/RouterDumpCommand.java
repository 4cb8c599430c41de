package io.xsite.cli;

import io.micrometer.core.instrument.Metrics;
import io.xsite.cli.config.YamlConfig;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.net.tls.ConnectionSecurity;
import io.xsite.net.tls.PeerAuthenticator;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.net.tls.TlsConfig;
import io.xsite.net.loop.SocketFailures;
import io.xsite.core.transport.tunnel.RouterHosts;
import io.xsite.core.internal.tunnel.RouterMember;
import io.xsite.core.internal.tunnel.RouterMembersQuery;
import io.xsite.core.transport.tunnel.RouterUnreachableException;
import java.io.PrintWriter;
import java.nio.channels.UnresolvedAddressException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xsite router-dump}: the members registered with one gossip router (xsite's or JGroups'), one
 * line each in the form of JGroups' RouterStubGet ({@code 1: bridge: _sfc1:sfc, name=_sfc1,
 * addr=127.0.0.1:54499, server}). Lines are sorted by cluster, name and address, because a router
 * answers in no particular order and sorted output can be compared between routers and runs.
 *
 * <p>The option fields are read through picocli's model ({@link ConfigOptions#flags}), which knows
 * which of them were given.
 */
@Command(name = "router-dump", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = RouterDumpCommand.Defaults.class,
        description = "Lists the members registered with a gossip router, one line each.",
        footer = {"%nEach option can also be set as XSITE_ROUTER_DUMP_<OPTION> (upper case, - as _).",
                "Prints \"no members registered\" to stderr when the router knows none."})
public final class RouterDumpCommand extends XsiteSubcommand implements Callable<Integer> {
    private static final ConfigOptions<RouterDumpConfig> OPTIONS =
            new ConfigOptions<>(RouterDumpConfig.SCHEMA, RouterDumpConfig.DEFAULTS);
    private static final Comparator<RouterMember> BY_CLUSTER_NAME_ADDRESS = Comparator
            .comparing((RouterMember m) -> String.valueOf(m.group()))
            .thenComparing(m -> String.valueOf(m.ping().logicalName()))
            .thenComparing(m -> String.valueOf(m.ping().sender()));

    /** What Netty appends to a connect failure: ": localhost/127.0.0.1:1"; the line names the router already. */
    private static final Pattern NETTY_ADDRESS_SUFFIX = Pattern.compile(": [^ ]*/[^ ]*$");

    @Option(names = "--host", paramLabel = "HOST", description = "The router's host. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "The router's port. Default: ${DEFAULT-VALUE}.")
    String port;

    @Option(names = "--cluster", paramLabel = "NAME", description = "Only this cluster (group). Default: all.")
    String cluster;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "How long to wait for the answer (500ms, 2s, ...). Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Option(names = "--tls-dir", paramLabel = "DIR",
            description = "TLS material (a tool certificate: xsite pki tool NAME) for a router that serves TLS; "
                    + "also XSITE_TLS_DIR. Default: none (plain TCP).")
    String tlsDir;

    /** Help shows the defaults of {@link RouterDumpConfig#DEFAULTS}. */
    static final class Defaults extends ConfigDefaults {
        Defaults() {
            super(OPTIONS);
        }
    }

    @Override
    public Integer call() {
        RouterDumpConfig config = settings(OPTIONS, RouterDumpConfig.DEFAULTS, YamlConfig.NONE);
        List<RouterMember> members = query(config).stream().sorted(BY_CLUSTER_NAME_ADDRESS).toList();
        PrintWriter out = spec.commandLine().getOut();
        int number = 1;
        for (RouterMember member : members) {
            out.println(number++ + ": " + member.group() + ": " + member.ping());
        }
        out.flush();
        if (members.isEmpty()) {
            spec.commandLine().getErr().println("no members registered");
        }
        return 0;
    }

    private List<RouterMember> query(RouterDumpConfig config) {
        String router = RouterHosts.format(config.router());
        try {
            return RouterMembersQuery.query(config.router(), cluster, config.timeout(), security(config));
        } catch (RouterUnreachableException e) {
            throw new CommandFailure("cannot reach router " + router + " (" + reason(e.getCause()) + ")", e);
        } catch (MalformedFrameException e) {
            throw new CommandFailure("router " + router + " sent a malformed answer (" + e.getMessage()
                    + "); is it a gossip router?", e);
        }
    }

    /** Plain TCP, or TLS with this tool's certificate, accepting only a router at the other end. */
    private static ConnectionSecurity security(RouterDumpConfig config) {
        if (config.tlsDir().isEmpty()) {
            return ConnectionSecurity.PLAIN;
        }
        ReloadingTls tls;
        try {
            tls = ReloadingTls.start(TlsConfig.inDirectory(config.tlsDir().get()));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("cannot use the TLS material in " + config.tlsDir().get() + ": "
                    + e.getMessage(), e);
        }
        return PeerAuthenticator.toRouters("tool", tls, Metrics.globalRegistry);
    }

    /** Why a connect failed, without the address Netty appends ("Connection refused: localhost/127.0.0.1:1"). */
    private static String reason(Throwable cause) {
        if (cause instanceof UnresolvedAddressException) {
            return "unknown host";
        }
        if (cause == null || cause.getMessage() == null) {
            return cause == null ? "no reason given" : cause.getClass().getSimpleName();
        }
        return NETTY_ADDRESS_SUFFIX.matcher(SocketFailures.message(cause)).replaceFirst("");
    }
}
