package io.xsite.cli;

import io.xsite.cli.config.ConfigLoader;
import io.xsite.cli.config.YamlConfig;
import io.xsite.grid.BackupAction;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.http.GridRoutes;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code xsite grid status | get | put | del | take-offline | bring-online | push-state | verify | repair}: the
 * grid of a site through one node's admin endpoint ({@code /grid/status}, {@code /caches/{cache}/{key}},
 * {@code /grid/backups/{site}/{action}}, {@code /grid/verify}, {@code /grid/repair}); run inside a pod it asks that
 * pod (localhost, the default). Values are text; binary values and bulk work go through the RESP port
 * ({@code redis-cli}).
 */
@Command(name = "grid", mixinStandardHelpOptions = true,
        description = "Reads and writes the grid through a node's admin endpoint.",
        subcommands = {GridCommand.Status.class, GridCommand.Get.class, GridCommand.Put.class, GridCommand.Del.class,
                GridLoadCommand.class, GridCommand.TakeOffline.class, GridCommand.BringOnline.class,
                GridCommand.PushState.class, GridVerifyCommand.Verify.class, GridVerifyCommand.Repair.class},
        footer = {"%nEach option can also be set as XSITE_GRID_CLIENT_<OPTION> (upper case, - as _);",
                "--admin-token-file is XSITE_ADMIN_TOKEN_FILE, as for the node beside it.",
                "put, del, take-offline, bring-online, push-state and repair change state:",
                "the node must have an admin token, and they send it."})
public final class GridCommand extends XsiteSubcommand implements Callable<Integer> {
    /** How long a node has to answer. */
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ConfigOptions<GridClientConfig> OPTIONS =
            new ConfigOptions<>(GridClientConfig.SCHEMA, GridClientConfig.DEFAULTS);

    /** {@code xsite grid} alone names no job: that is a usage error. */
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** Help shows the defaults of {@link GridClientConfig#DEFAULTS}. */
    static final class Defaults extends ConfigDefaults {
        Defaults() {
            super(OPTIONS);
        }
    }

    /** The node to ask, shared by the subcommands. */
    static final class Endpoint {
        @Option(names = "--host", paramLabel = "HOST", description = "The node's host. Default: ${DEFAULT-VALUE}.")
        String host;

        @Option(names = "--port", paramLabel = "PORT",
                description = "The node's admin port. Default: ${DEFAULT-VALUE}.")
        String port;

        @Option(names = "--admin-token-file", paramLabel = "FILE",
                description = "File holding the token the node's admin endpoint asks for. Default: none.")
        String adminTokenFile;
    }

    /** What every subcommand does: load the endpoint, send one request, print the answer. */
    abstract static class Request implements Callable<Integer> {
        @Mixin
        Endpoint endpoint;

        @ParentCommand
        GridCommand grid;

        @Spec
        CommandSpec spec;

        /** The request's path and method; the URI is set by {@link #call()}. */
        abstract HttpRequest.Builder request(String base);

        /** How long the node has to answer. */
        Duration patience() {
            return WAIT;
        }

        /** Prints the answer to a successful request; the code to exit with. */
        abstract int answered(HttpResponse<String> response, PrintWriter out);

        @Override
        public Integer call() {
            GridClientConfig config = new ConfigLoader<>(OPTIONS.schema()).load(GridClientConfig.DEFAULTS,
                    YamlConfig.NONE, grid.xsite.environment(), OPTIONS.flags(spec.commandLine().getParseResult()));
            String base = "http://" + config.endpoint();
            HttpResponse<String> response = AdminHttp.send(request(base), config.endpoint(),
                    config.adminTokenFile(), patience());
            PrintWriter out = spec.commandLine().getOut();
            switch (response.statusCode()) {
                case 401 -> throw AdminHttp.unauthorized(config.endpoint(), config.adminTokenFile());
                case 200, 204 -> {
                    int code = answered(response, out);
                    out.flush();
                    return code;
                }
                case 404 -> {
                    if (response.body().startsWith("no such path")) {
                        throw new CommandFailure("admin endpoint " + config.endpoint() + " serves no grid (is it "
                                + "an xsite node with a --resp-port?)", null);
                    }
                    throw new CommandFailure(notFound(response.body()), null);
                }
                default -> throw new CommandFailure("admin endpoint " + config.endpoint() + " answered "
                        + response.statusCode() + ": " + response.body().lines().findFirst().orElse(""), null);
            }
        }

        /** What a 404 with {@code body} means, in one line. */
        String notFound(String body) {
            return body.strip();
        }

        /** {@code base/caches/CACHE/KEY}, the key URL-encoded. */
        static URI cacheUri(String base, String cache, String key) {
            return URI.create(base + GridRoutes.CACHES + "/" + encode(cache) + "/" + encode(key));
        }

        static String encode(String text) {
            return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, defaultValueProvider = Defaults.class,
            description = "Prints the node's view of the grid as JSON: caches, sizes, segment owners, rebalance.")
    static final class Status extends Request {
        @Override
        HttpRequest.Builder request(String base) {
            return HttpRequest.newBuilder(URI.create(base + GridRoutes.STATUS)).GET();
        }

        @Override
        int answered(HttpResponse<String> response, PrintWriter out) {
            out.print(response.body());
            return 0;
        }
    }

    /** A request about one cache, {@code --cache}. */
    abstract static class CacheRequest extends Request {
        @Option(names = "--cache", paramLabel = "NAME", description = "The cache. Default: " + CacheConfig.DEFAULT_CACHE
                + ".")
        String cache = CacheConfig.DEFAULT_CACHE;
    }

    /** The key and the cache it is in, shared by get, put and del. */
    abstract static class KeyRequest extends CacheRequest {
        @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
        String key;

        @Override
        String notFound(String body) {
            return body.startsWith("no key") ? "no key '" + key + "' in cache " + cache : body.strip();
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, defaultValueProvider = Defaults.class,
            description = "Prints the value of KEY; exit 1 if it has none.")
    static final class Get extends KeyRequest {
        @Override
        HttpRequest.Builder request(String base) {
            return HttpRequest.newBuilder(cacheUri(base, cache, key)).GET();
        }

        @Override
        int answered(HttpResponse<String> response, PrintWriter out) {
            out.println(response.body());
            return 0;
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, defaultValueProvider = Defaults.class,
            description = "Stores VALUE under KEY, written to every owner before it answers.")
    static final class Put extends KeyRequest {
        @Parameters(index = "1", paramLabel = "VALUE", description = "The value (text).")
        String value;

        @Option(names = "--ttl", paramLabel = "SECONDS", description = "Expire after SECONDS. Default: never.")
        Long ttl;

        @Override
        HttpRequest.Builder request(String base) {
            URI uri = cacheUri(base, cache, key);
            if (ttl != null) {
                uri = URI.create(uri + "?ttl=" + ttl);
            }
            return HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofString(value));
        }

        @Override
        int answered(HttpResponse<String> response, PrintWriter out) {
            out.println("OK");
            return 0;
        }
    }

    @Command(name = "del", mixinStandardHelpOptions = true, defaultValueProvider = Defaults.class,
            description = "Removes KEY; exit 1 if it had no value.")
    static final class Del extends KeyRequest {
        @Override
        HttpRequest.Builder request(String base) {
            return HttpRequest.newBuilder(cacheUri(base, cache, key)).DELETE();
        }

        @Override
        int answered(HttpResponse<String> response, PrintWriter out) {
            out.println("deleted");
            return 0;
        }
    }

    /**
     * A backup site of a cache and what to do to it, on every member of the node's site: the action is the
     * subcommand's name ({@link BackupAction#label()}).
     */
    abstract static class BackupRequest extends CacheRequest {
        @Parameters(index = "0", paramLabel = "SITE", description = "The backup site.")
        String site;

        @Override
        HttpRequest.Builder request(String base) {
            return HttpRequest.newBuilder(URI.create(base + GridRoutes.BACKUPS + "/" + encode(site) + "/"
                    + BackupAction.parse(spec.name()).label() + "?cache=" + encode(cache)))
                    .POST(HttpRequest.BodyPublishers.noBody());
        }

        @Override
        int answered(HttpResponse<String> response, PrintWriter out) {
            out.print(response.body());
            return 0;
        }
    }

    @Command(name = "take-offline", mixinStandardHelpOptions = true, defaultValueProvider = Defaults.class,
            description = "Stops backing up to SITE: sync writes no longer wait for it; changed keys are tracked "
                    + "up to a bound.")
    static final class TakeOffline extends BackupRequest {
    }

    @Command(name = "bring-online", mixinStandardHelpOptions = true, defaultValueProvider = Defaults.class,
            description = "Backs up to SITE again: sends the tracked keys, or the whole cache if more changed than "
                    + "the bound.")
    static final class BringOnline extends BackupRequest {
    }

    @Command(name = "push-state", mixinStandardHelpOptions = true, defaultValueProvider = Defaults.class,
            description = "Sends SITE the whole cache in chunks, deletes included; keys written at SITE meanwhile "
                    + "stay.")
    static final class PushState extends BackupRequest {
    }
}
