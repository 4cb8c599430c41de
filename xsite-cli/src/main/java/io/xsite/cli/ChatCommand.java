package io.xsite.cli;

import ch.qos.logback.classic.Level;
import io.xsite.cli.chat.ChatConsole;
import io.xsite.cli.chat.ChatResult;
import io.xsite.cli.chat.ChatService;
import io.xsite.cli.config.ConfigException;
import io.xsite.cli.config.ConfigSchema;
import io.xsite.cli.config.ValueType;
import io.xsite.net.admin.AdminAccess;
import io.xsite.core.member.MemberConfig;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import io.xsite.relay.RelayConfig;
import io.xsite.relay.RelayNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xsite chat}: joins a site as a relay member (not eligible as site master unless told, so it
 * does not take the role from the site's nodes) and opens the chat console on this terminal
 * ({@link ChatConsole}); with {@code --send} it sends one line instead, prints the replies and exits 0
 * only if {@code --expect} members replied within {@code --timeout}. It takes the keys of
 * {@code xsite node} with {@code XSITE_CHAT_} variables (so it can run in a pod beside a node, sharing the
 * reference deployment's {@code SITE}, {@code DNS_QUERY} and {@code TUNNEL_INITIAL_HOSTS}), an ephemeral
 * port and no admin endpoint by default. Logs stay at WARN unless a level is asked for: stdout is the chat.
 */
@Command(name = "chat", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = ChatCommand.Defaults.class,
        description = "Joins a site as a member and chats with every member of every site.",
        footer = {"%nNeeds a site and routers (the bridge), like a relay node; type help in the",
                "chat for its commands. Every option --NAME of a node key is also the key",
                "NAME in the --config file and the variable XSITE_CHAT_<NAME> (upper case,",
                "- as _); SITE, DNS_QUERY, KUBERNETES_LABELS, KUBERNETES_NAMESPACE,",
                "TUNNEL_INITIAL_HOSTS and JGROUPS_EXTERNAL_ADDR are read below them;",
                "--admin-token-file and --tls-dir are XSITE_ADMIN_TOKEN_FILE and",
                "XSITE_TLS_DIR, as for every command.",
                "Logs go to stderr at WARN unless --log-level or XSITE_LOG_LEVEL say",
                "otherwise. Exit codes of --send: 0 when N members",
                "replied, 1 when fewer did (one line says how many), 2 for a wrong flag."})
public final class ChatCommand extends XsiteSubcommand implements Callable<Integer> {
    /** The node's keys, with variables of its own so that a chat can run in a pod beside a node. */
    static final ConfigSchema<NodeConfig> SCHEMA = NodeSettings.schema("XSITE_CHAT_");
    private static final Logger log = LoggerFactory.getLogger(ChatCommand.class);
    /** How long the console waits for the member to appear in its site's topology before reading lines. */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

    @Mixin
    NodeOptions options;

    @Option(names = "--send", paramLabel = "TEXT",
            description = "Send TEXT once, print the replies and exit instead of opening the console.")
    String send;

    @Option(names = "--expect", paramLabel = "N",
            description = "With --send: exit 0 only if N members replied. Default: every member known.")
    Integer expect;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a line waits for its replies (with --send: also for the topology to know "
                    + "N members). Default: 5s.")
    Duration timeout = ChatService.DEFAULT_TIMEOUT;

    /** Help shows the chat's defaults. */
    static final class Defaults extends ConfigDefaults {
        Defaults() {
            super(Options.OPTIONS);
        }
    }

    /** Parses durations as every xsite duration is written (500ms, 30s, PT30S). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            return ValueType.DURATION.parse(text);
        }
    }

    /** Joins the site, then chats until quit (console) or until the line's replies came ({@code --send}). */
    @Override
    public Integer call() throws InterruptedException {
        if (expect != null && expect < 1) {
            throw new ConfigException(List.of("invalid --expect (flag): \"" + expect + "\" is less than 1, e.g. 3"));
        }
        NodeConfig loaded = load();
        if (loaded.relay().isEmpty()) {
            throw new ConfigException(List.of("invalid configuration: chat needs a site and routers, e.g. --site nyc "
                    + "--routers " + NodeSettings.ROUTERS_EXAMPLE));
        }
        NodeConfig config = NodeCommand.secured(loaded, "chat");
        RelayConfig relay = config.relay().orElseThrow();
        quietLogging();
        log.info("chat configuration: {}", NodeSettings.describe(SCHEMA, config));
        PrintWriter out = spec.commandLine().getOut();
        AdminAccess adminAccess = AdminTokenFile.access(config.adminTokenFile());
        try (RelayNode node = NodeCommand.startOrFail(() -> RelayNode.start(relay, adminAccess))) {
            ChatService chat = ChatService.attach(node, ChatService.lines(out));
            return send != null ? sendOnce(chat) : console(chat);
        }
    }

    /** The chat's configuration: defaults, file, environment, flags. */
    NodeConfig load() {
        return options.load(Options.OPTIONS, Options.DEFAULTS, xsite.environment(), spec.commandLine().getParseResult());
    }

    private int console(ChatService chat) throws InterruptedException {
        // Lines typed (or piped) before the member is in its site's topology would reach nobody else.
        if (!chat.awaitTopology(1, JOIN_TIMEOUT)) {
            log.warn("{} is not in the topology of its site after {}; the chat starts anyway", chat.node().address(),
                    ValueType.DURATION.format(JOIN_TIMEOUT));
        }
        try (Terminal terminal = ChatConsole.systemTerminal()) {
            ChatConsole.run(chat, terminal, timeout);
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal", e);
        }
    }

    /**
     * Waits (up to the timeout) until the topology knows the members expected, then sends and awaits their
     * replies in what is left of the timeout.
     */
    private int sendOnce(ChatService chat) throws InterruptedException {
        long start = System.nanoTime();
        if (!chat.awaitTopology(expect != null ? expect : 1, timeout)) {
            // Fewer members known than replies expected: the line could not succeed, so it is not sent.
            spec.commandLine().getErr().println("chat: the topology knows " + chat.knownMembers() + " of "
                    + (expect != null ? expect : 1) + " expected members after " + ValueType.DURATION.format(timeout));
            return UserErrorHandler.FAILURE;
        }
        int expected = expect != null ? expect : chat.knownMembers();
        Duration left = timeout.minusNanos(System.nanoTime() - start);
        ChatResult result = chat.sendAndAwait(send, expected, left.isNegative() ? Duration.ZERO : left);
        if (result.replies() >= expected) {
            return 0;
        }
        spec.commandLine().getErr().println("chat: " + result.replies() + " of " + expected
                + " expected replies within " + ValueType.DURATION.format(timeout));
        return UserErrorHandler.FAILURE;
    }

    /** WARN unless {@code --log-level} or {@code XSITE_LOG_LEVEL} asked for a level: the console owns the terminal. */
    private void quietLogging() {
        if (xsite.logging.level == null && !xsite.environment().containsKey(LoggingOptions.ENVIRONMENT)) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(Level.WARN);
        }
    }

    /** The chat's defaults: a node's, on an ephemeral port, without admin endpoint, never site master. */
    private static final class Options {
        static final NodeConfig DEFAULTS = NodeConfig.DEFAULTS.withMember(MemberConfig.DEFAULTS
                .withName(NodeCommand.hostName()).withAdminPort(-1).withSiteMasterEligible(false)
                .withTcp(TcpTransportConfig.listeningOn(new InetSocketAddress(0))));
        static final ConfigOptions<NodeConfig> OPTIONS = new ConfigOptions<>(SCHEMA, DEFAULTS);
    }
}
