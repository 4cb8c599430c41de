package io.xsite.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.xsite.cli.chat.ChatConsole;
import io.xsite.cli.chat.ChatService;
import io.xsite.cli.config.ValueType;
import io.xsite.cli.demo.ChildProcesses;
import io.xsite.cli.demo.DemoLayout;
import io.xsite.cli.demo.DemoMember;
import io.xsite.cli.demo.DemoPlan;
import io.xsite.cli.demo.DemoScript;
import io.xsite.cli.demo.RunningDemo;
import io.xsite.cli.demo.Transcript;
import io.xsite.net.tls.TlsConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jline.terminal.Terminal;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code xsite demo}: the whole system on one machine. Two gossip routers, site nyc with 5 members and
 * site sfc with 3, bridged through both routers, each member answering chat lines and serving the grid (backed
 * up synchronously to the other site) and the live page; then the chat as member Temp of sfc (which may not
 * become a site master). In this JVM by default; {@code --processes}
 * runs each router and member as a JVM of its own. {@code --script} runs the reference scenario
 * ({@link DemoScript}) instead of the console and exits 0 only if each step held.
 *
 * <p>The demo's own output is on stdout; logs are on stderr at WARN unless {@code --log-level} or
 * {@code XSITE_LOG_LEVEL} says otherwise (eight members in one JVM would bury the chat in INFO lines).
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs two routers, site nyc (5 members) and site sfc (3) on this machine, each member "
                + "serving the grid and the live page, then opens the chat as member Temp of sfc."},
        footer = {"%nWith --script: (1) Temp says hello and prints all 9 replies, (2) the topology,",
                "(3) nyc's site master is crashed and the new one printed, (4) a second line",
                "gets 8 replies, (5) 10,000 keys are written through a failover client whose",
                "home is nyc, (6) every nyc member is crashed, (7) the client reads them all at",
                "sfc, (8) sfc pushes its state to nyc, whose members start again, empty, (9)",
                "the push ends, (10) both sites are compared (verify, then key by key), (11)",
                "the client returns to nyc. Exit 0 only if each step held, 1 otherwise.",
                "The banner prints a redis-cli command and a live page URL per site.",
                "The demo logs at WARN unless --log-level or XSITE_LOG_LEVEL is given."})
public final class DemoCommand extends XsiteSubcommand implements Callable<Integer> {
    @Option(names = "--processes",
            description = "Run each router and member as a JVM of its own (all stopped when the demo ends).")
    boolean processes;

    @Option(names = "--script",
            description = "No terminal: run the reference scenario, print each step and exit 0 only if all held.")
    boolean script;

    @Option(names = "--step-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "30s", description = "Longest wait of one step (and of forming the sites). "
            + "Default: ${DEFAULT-VALUE}.")
    Duration stepTimeout;

    /** Reads durations as every xsite command does (500ms, 30s, PT30S). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return ValueType.DURATION.parse(value);
        }
    }

    /** Starts the demo, then runs the script or the console; stops everything on the way out. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        long start = System.nanoTime();
        quietLogsUnlessAsked();
        PrintWriter out = spec.commandLine().getOut();
        DemoPlan plan = DemoPlan.allocate(DemoLayout.STANDARD);
        ChildProcesses children = processes
                ? new ChildProcesses(Files.createTempDirectory("xsite-demo-"), DemoChild.class) : null;
        if (children != null) {
            children.closeOnShutdown();
        }
        Transcript output = new Transcript(ChatService.lines(out));
        try (RunningDemo demo = start(plan, children, output)) {
            banner(demo, children).forEach(output);
            if (script) {
                return new DemoScript(demo, output, stepTimeout, start).run() ? 0 : UserErrorHandler.FAILURE;
            }
            output.accept("waiting for the sites to form...");
            Optional<String> notFormed = demo.awaitFormed(stepTimeout);
            output.accept(notFormed.map(why -> "not formed yet (" + why + "); opening the chat anyway")
                    .orElse("both sites formed: " + demo.seen(demo.expectedSites())));
            try (Terminal terminal = ChatConsole.systemTerminal()) {
                ChatConsole.run(demo.chat(), terminal, ChatService.DEFAULT_TIMEOUT);
            }
            return 0;
        } finally {
            if (children != null) {
                children.close();
            }
        }
    }

    private static RunningDemo start(DemoPlan plan, ChildProcesses children, Consumer<String> out) {
        try {
            return children == null ? RunningDemo.inJvm(plan, out) : RunningDemo.inProcesses(plan, children, out);
        } catch (IOException | RuntimeException e) {
            throw new CommandFailure("cannot start the demo (" + e.getMessage() + ")", e);
        }
    }

    private List<String> banner(RunningDemo demo, ChildProcesses children) {
        DemoLayout layout = demo.plan().layout();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("xsite demo: %d gossip routers, %s, bridge \"%s\"; %s chats from %s",
                layout.routers(), layout.sites().stream().map(s -> "site " + s.name() + " (" + s.members()
                        + " members)").collect(Collectors.joining(", ")),
                layout.bridge(), layout.visitor(), layout.visitorSite()));
        lines.add(children == null
                ? "everything runs in this JVM (pid " + ProcessHandle.current().pid() + ")"
                : "each router and member in a JVM of its own, stopped when the demo ends; the chat in this JVM (pid "
                + ProcessHandle.current().pid() + ")");
        lines.add("TLS everywhere, payloads between sites sealed: a throwaway CA made for this run in "
                + demo.pki().root() + " (deleted when the demo ends)");
        demo.cluster().describe().forEach(line -> lines.add("  " + line));
        lines.add(String.format("  %-8s site %s, tcp 127.0.0.1:%d, RESP %d, admin %d, this JVM, never site master",
                demo.plan().visitor().name(), demo.plan().visitor().site(), demo.plan().visitor().port(),
                demo.plan().visitor().respPort(), demo.plan().visitor().adminPort()));
        boolean tls = demo.cluster().respTls();
        lines.add("every member serves the grid (cache default, backed up synchronously to the other site) on its "
                + "RESP port and the live page on its admin port; RESP is " + (tls
                ? "TLS with a client certificate in the child JVMs (Temp's is plain), and the script's failover "
                + "client speaks it with its own (a tool of the CA):" : "plain on 127.0.0.1:"));
        for (String site : layout.siteNames()) {
            // The members' own ports: the visitor's RESP is plain even where theirs speaks TLS.
            List<DemoMember> members = demo.plan().members().stream().filter(m -> m.site().equals(site)).toList();
            TlsConfig client = demo.pki().clientTls();
            String redisTls = !tls ? "" : String.format("--tls --cacert %s --cert %s --key %s ", client.trustedCa(),
                    client.certificate(), client.privateKey());
            lines.add(String.format("  %s: redis-cli %s-p %d (or any of %s); live page %s/", site, redisTls,
                    members.get(0).respPort(), members.stream().skip(1).map(m -> Integer.toString(m.respPort()))
                            .collect(Collectors.joining(" ")), members.get(0).adminUri()));
        }
        lines.add(String.format("the admin endpoints are open for reading; %s's alone takes the state-changing requests "
                + "(the script's push of state), with the run's admin token in %s", demo.plan().visitor().name(),
                demo.pki().adminTokenFile()));
        return lines;
    }

    /** WARN unless the flag or the environment set a level: the demo's output is the chat, not the logs. */
    private void quietLogsUnlessAsked() {
        if (xsite.logging.level == null && !xsite.environment().containsKey(LoggingOptions.ENVIRONMENT)) {
            ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        }
    }
}
