package io.xsite.cli;

import io.xsite.cli.config.YamlConfig;
import io.xsite.relay.probe.ProbeKey;
import io.xsite.relay.probe.ProbeQuery;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code xsite probe}: asks one relay node's admin endpoint ({@code /probe}), which asks every member of
 * its site, or of every site, and prints their answers: one block per member, a line per member that did
 * not answer, then {@code N responses}. Run inside a pod it asks that pod (localhost, the default).
 */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = ProbeCommand.Defaults.class,
        description = "Asks a node for the state of every member of its site (or of every site).",
        footer = {"%nKEYs: view, version, metrics, topology. Every member answers with a header line",
                "(name:site [ip, view, site master, version, uptime]), then one key=value entry per KEY.",
                "Each option can also be set as XSITE_PROBE_<OPTION> (upper case, - as _);",
                "--admin-token-file is XSITE_ADMIN_TOKEN_FILE, as for the node beside it."})
public final class ProbeCommand extends XsiteSubcommand implements Callable<Integer> {
    /** Time for the HTTP exchange on top of the members' timeout, so the node's own answer is not cut off. */
    private static final Duration HTTP_SLACK = Duration.ofSeconds(5);
    private static final ConfigOptions<ProbeConfig> OPTIONS =
            new ConfigOptions<>(ProbeConfig.SCHEMA, ProbeConfig.DEFAULTS);

    @Option(names = "--host", paramLabel = "HOST", description = "The node's host. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "The node's admin port. Default: ${DEFAULT-VALUE}.")
    String port;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "File holding the token the node's admin endpoint asks for. Default: none.")
    String adminTokenFile;

    @Option(names = "--all-sites", description = "Ask the members of every site, not only the node's own.")
    boolean allSites;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "How long the members have to answer (500ms, 2s, ...). Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Parameters(paramLabel = "KEY", arity = "0..*",
            description = "What every member adds: view, version, metrics or topology.")
    List<String> keys = new ArrayList<>();

    /** Help shows the defaults of {@link ProbeConfig#DEFAULTS}. */
    static final class Defaults extends ConfigDefaults {
        Defaults() {
            super(OPTIONS);
        }
    }

    @Override
    public Integer call() {
        ProbeConfig config = settings(OPTIONS, ProbeConfig.DEFAULTS, YamlConfig.NONE);
        ProbeQuery query = new ProbeQuery(parseKeys(),
                allSites ? ProbeQuery.Scope.ALL : ProbeQuery.Scope.SITE, config.timeout());
        HttpResponse<String> response = ask(config, query);
        if (response.statusCode() == 404) {
            throw new CommandFailure("admin endpoint " + config.endpoint() + " serves no " + ProbeQuery.PATH
                    + " (is it an xsite relay node?)", null);
        }
        if (response.statusCode() == 401) {
            throw AdminHttp.unauthorized(config.endpoint(), config.adminTokenFile());
        }
        if (response.statusCode() != 200) {
            throw new CommandFailure("admin endpoint " + config.endpoint() + " answered " + response.statusCode()
                    + ": " + response.body().lines().findFirst().orElse(""), null);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(response.body());
        out.flush();
        return 0;
    }

    /** The KEYs as {@link ProbeKey#parse} reads them; an unknown one is a usage error naming the keys. */
    private Set<ProbeKey> parseKeys() {
        Set<ProbeKey> parsed = EnumSet.noneOf(ProbeKey.class);
        for (String key : keys) {
            try {
                parsed.add(ProbeKey.parse(key));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        return parsed;
    }

    private static HttpResponse<String> ask(ProbeConfig config, ProbeQuery query) {
        return AdminHttp.send(HttpRequest.newBuilder(query.uri(config.host(), config.port())).GET(),
                config.endpoint(), config.adminTokenFile(), config.timeout().plus(HTTP_SLACK));
    }
}
