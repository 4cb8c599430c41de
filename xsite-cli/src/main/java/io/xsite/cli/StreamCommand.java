package io.xsite.cli;

import io.xsite.cli.chat.ChatService;
import io.xsite.cli.config.ConfigException;
import io.xsite.cli.stream.StreamPayload;
import io.xsite.cli.stream.StreamReceiver;
import io.xsite.cli.stream.StreamSender;
import io.xsite.cli.stream.StreamTarget;
import io.xsite.core.member.MemberConfig;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import io.xsite.relay.RelayConfig;
import io.xsite.relay.RelayNode;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xsite stream}: joins a site as a relay member (never site master, no admin endpoint, an ephemeral
 * port, like {@code xsite chat}), sends the numbers 1 to {@code --count} at {@code --rate} to every member of
 * a site or to one member ({@link StreamSender}), and exits 0 once every receiver confirmed the whole
 * stream. Each {@code xsite node} accounts for the streams it receives (received, duplicates, out of order,
 * missing) and serves that as JSON on {@code /streams} ({@link StreamReceiver}); this is how the
 * network-namespace tests check that a site-master crash, a router crash, a partition or a lossy network
 * lose, duplicate and reorder nothing. It takes the node's keys with {@code XSITE_STREAM_} variables.
 */
@Command(name = "stream", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = StreamCommand.Defaults.class,
        description = "Sends numbered messages to a site or a member and waits until they all arrived.",
        footer = {"%nNeeds a site and routers, like a relay node. Every xsite node counts the",
                "streams it receives and serves them on its admin endpoint: GET /streams.",
                "Every option --NAME of a node key is also the key NAME in the --config file",
                "and the variable XSITE_STREAM_<NAME>; SITE, DNS_QUERY, TUNNEL_INITIAL_HOSTS",
                "and JGROUPS_EXTERNAL_ADDR are read below them. Exit codes: 0 when every",
                "receiver confirmed every number, 1 when not (one line says who), 2 for a",
                "wrong flag."})
public final class StreamCommand extends XsiteSubcommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(StreamCommand.class);

    @Mixin
    NodeOptions options;

    @Option(names = "--to", paramLabel = "SITE|NAME:SITE", required = true,
            description = "Every member of SITE, or the member NAME of SITE.")
    String to;

    @Option(names = "--count", paramLabel = "N", description = "How many numbers to send. Default: 1000.")
    long count = 1000;

    @Option(names = "--rate", paramLabel = "PER_SECOND", description = "Numbers sent per second. Default: 200.")
    double rate = 200;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = ChatCommand.DurationConverter.class,
            description = "How long to wait for the target to appear in the topology, and again after the last "
                    + "number for the receivers' confirmations. Default: 30s.")
    Duration timeout = Duration.ofSeconds(30);

    /** Help shows the stream's defaults. */
    static final class Defaults extends ConfigDefaults {
        Defaults() {
            super(Options.OPTIONS);
        }
    }

    /** Joins the site, sends the stream, waits for the confirmations and leaves. */
    @Override
    public Integer call() throws InterruptedException {
        if (count < 1 || count > StreamPayload.MAX_COUNT) {
            throw new ConfigException(List.of("invalid --count (flag): \"" + count + "\" is not 1 to "
                    + StreamPayload.MAX_COUNT + ", e.g. 1000"));
        }
        if (!(rate > 0)) {
            throw new ConfigException(List.of("invalid --rate (flag): \"" + rate + "\" is not positive, e.g. 200"));
        }
        StreamTarget target;
        try {
            target = StreamTarget.parse(to);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of("invalid --to (flag): \"" + to + "\": " + e.getMessage()));
        }
        NodeConfig loaded = options.load(Options.OPTIONS, Options.DEFAULTS, xsite.environment(),
                spec.commandLine().getParseResult());
        if (loaded.relay().isEmpty()) {
            throw new ConfigException(List.of("invalid configuration: stream needs a site and routers, e.g. --site "
                    + "nyc --routers " + NodeSettings.ROUTERS_EXAMPLE));
        }
        NodeConfig config = NodeCommand.secured(loaded, "stream");
        RelayConfig relay = config.relay().orElseThrow();
        log.info("stream configuration: {}", NodeSettings.describe(Options.OPTIONS.schema(), config));
        PrintWriter out = spec.commandLine().getOut();
        try (RelayNode node = NodeCommand.startOrFail(() -> RelayNode.start(relay))) {
            StreamSender sender = new StreamSender(node, ChatService.lines(out), new SecureRandom());
            return sender.send(target, count, rate, timeout) ? 0 : UserErrorHandler.FAILURE;
        }
    }

    /** The stream's defaults: a node's, on an ephemeral port, without admin endpoint, never site master. */
    private static final class Options {
        static final NodeConfig DEFAULTS = NodeConfig.DEFAULTS.withMember(MemberConfig.DEFAULTS
                .withName(NodeCommand.hostName() + "-stream").withAdminPort(-1).withSiteMasterEligible(false)
                .withTcp(TcpTransportConfig.listeningOn(new InetSocketAddress(0))));
        static final ConfigOptions<NodeConfig> OPTIONS = new ConfigOptions<>(NodeSettings.schema("XSITE_STREAM_"),
                DEFAULTS);
    }
}
