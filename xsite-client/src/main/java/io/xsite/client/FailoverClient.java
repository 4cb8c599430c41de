package io.xsite.client;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A client of the grid that survives the loss of a site: it speaks RESP to its home site while home answers and
 * accepts writes, moves to the next site when home fails, and returns only once home answers, accepts writes and
 * its {@link HomeReadiness} says it has caught up with the writes made elsewhere.
 *
 * <pre>{@code
 * try (FailoverClient client = FailoverClient.builder()
 *         .site("nyc", List.of(SiteEndpoints.endpoint("nyc-grid:6379")), List.of(URI.create("http://nyc-admin:8080")))
 *         .site("sfc", List.of(SiteEndpoints.endpoint("sfc-grid:6379")), List.of(URI.create("http://sfc-admin:8080")))
 *         .home("nyc")
 *         .listener(event -> log.info("now at {}: {}", event.to(), event.detail()))
 *         .build()) {
 *     client.set("user:42", "alice").join();
 *     Optional<String> name = client.get("user:42").join();
 *     long visits = client.incr("visits:42").join();
 * }
 * }</pre>
 *
 * <p><b>What a caller can count on.</b> An operation's future completes with its answer, or fails with a
 * {@link GridClientException} that says what happened: never silently dropped. An operation that was not sent,
 * or only to a site that answered {@code CLUSTERDOWN} (which applied nothing), goes to the next site;
 * one that was sent to a site that then failed is sent again only if it is {@link Retry#IDEMPOTENT}
 * ({@code GET}, {@code SET}, {@code DEL}), and otherwise ({@code INCR}) fails with {@link OutcomeUnknownException}:
 * an increment is never applied twice by the client. A retried {@code DEL} may report {@code false} where its
 * first attempt did remove the key. Operations are sent in call order, and after a switch only once the old site
 * answered or was given up, so a later write of a key never overtakes an earlier one. What two independent sites
 * cannot promise, the client cannot either: a write acknowledged by a site that is then lost before its backup
 * left is missing at the other site (the RPO).
 *
 * <p><b>TLS.</b> Where the members' RESP ports serve TLS ({@code xsite node --tls-dir}), give the client the
 * deployment's CA and, for mutual TLS, a certificate of that CA, as PEM files:
 * {@code .tls(Path.of("pki/app/ca.crt"), Path.of("pki/app/tls.crt"), Path.of("pki/app/tls.key"))} (from
 * {@code xsite pki tool app}); {@code .tls(caFile)} with {@link Builder#password} where the ports take a password
 * instead. Each member must then present a certificate naming a member of the site connected to
 * ({@code urn:xsite:member:nyc}); host names are not checked ({@link Builder#tls(Path)}).
 *
 * <p><b>Threads.</b> All state lives on one I/O thread of the client's own; the methods may be called from any
 * thread and never block. Futures complete on that I/O thread: callbacks must not block (use the
 * {@code ...Async} variants to move work elsewhere). {@link FailoverListener}s run on a separate thread, in order.
 *
 * <p><b>Metrics</b> (Micrometer): {@code xsite_client_switches{from,to,reason}}, {@code xsite_client_site_active{site}},
 * {@code xsite_client_retries{site}}, {@code xsite_client_failures{reason}}.
 */
public final class FailoverClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final ExecutorService listeners;
    private final Switchboard switchboard;
    private final Duration operationTimeout;
    private final AtomicLong sequence = new AtomicLong();

    private FailoverClient(Builder builder) {
        if (builder.sites.isEmpty()) {
            throw new IllegalArgumentException("a failover client needs at least one site");
        }
        List<SiteEndpoints> sites = List.copyOf(builder.sites.values());
        String homeName = builder.home != null ? builder.home : sites.get(0).name();
        int home = sites.stream().map(SiteEndpoints::name).toList().indexOf(homeName);
        if (home < 0) {
            throw new IllegalArgumentException("home site " + homeName + " is not among the sites " + builder.sites
                    .keySet());
        }
        HomeReadiness readiness = builder.readiness != null ? builder.readiness : defaultReadiness(builder, sites);
        this.operationTimeout = builder.timeouts.operation();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("xsite-client", true),
                NioIoHandler.newFactory());
        this.loop = group.next();
        this.listeners = Executors.newSingleThreadExecutor(new DefaultThreadFactory("xsite-client-events", true));
        ClientMetrics metrics = new ClientMetrics(builder.registry, sites.stream().map(SiteEndpoints::name).toList(),
                homeName);
        List<FailoverListener> subscribed = List.copyOf(builder.listeners);
        this.switchboard = new Switchboard(sites, home, new SiteConnection.Settings(builder.password, builder.database,
                builder.tls, builder.limits, builder.timeouts), loop, readiness, metrics,
                event -> listeners.execute(() -> subscribed.forEach(l -> l.onSwitch(event))), builder.probeKey,
                "client-" + UUID.randomUUID());
        loop.execute(switchboard::start);
    }

    private static HomeReadiness defaultReadiness(Builder builder, List<SiteEndpoints> sites) {
        Map<String, List<URI>> admin = new LinkedHashMap<>();
        sites.forEach(site -> admin.put(site.name(), site.admin()));
        return sites.stream().anyMatch(site -> !site.admin().isEmpty())
                ? new AdminStatusReadiness(admin, builder.adminToken, builder.timeouts.response())
                : HomeReadiness.answersAndWrites();
    }

    /** A builder with no sites yet and every other setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The value of {@code key}, or empty. */
    public CompletableFuture<Optional<String>> get(String key) {
        return send(Retry.IDEMPOTENT, reply -> reply instanceof RespValue.Bulk bulk ? Optional.of(bulk.text())
                : reply instanceof RespValue.Nil ? Optional.<String>empty() : unexpected("GET", reply), "GET", key);
    }

    /** Stores {@code value} under {@code key}, without expiry. */
    public CompletableFuture<Void> set(String key, String value) {
        return send(Retry.IDEMPOTENT, reply -> ok("SET", reply), "SET", key, value);
    }

    /** Stores {@code value} under {@code key}, gone after {@code expiry} (millisecond precision). */
    public CompletableFuture<Void> set(String key, String value, Duration expiry) {
        if (expiry.toMillis() <= 0) {
            throw new IllegalArgumentException("an expiry must be at least 1 ms: " + expiry);
        }
        return send(Retry.IDEMPOTENT, reply -> ok("SET", reply), "SET", key, value, "PX",
                Long.toString(expiry.toMillis()));
    }

    /** Removes {@code key}; true if it had a value (a retried delete may say false where the first removed it). */
    public CompletableFuture<Boolean> del(String key) {
        return send(Retry.IDEMPOTENT, reply -> reply instanceof RespValue.Int n ? n.value() > 0
                : unexpected("DEL", reply), "DEL", key);
    }

    /** Adds one to the integer at {@code key} (0 if absent), at most once: see {@link OutcomeUnknownException}. */
    public CompletableFuture<Long> incr(String key) {
        return send(Retry.AT_MOST_ONCE, reply -> reply instanceof RespValue.Int n ? n.value()
                : unexpected("INCR", reply), "INCR", key);
    }

    /** Any command, its arguments as UTF-8 text; {@code retry} says whether it may be sent twice. */
    public CompletableFuture<RespValue> command(Retry retry, String... arguments) {
        return command(retry, Arrays.stream(arguments).map(a -> a.getBytes(StandardCharsets.UTF_8)).toList());
    }

    /** Any command, its arguments as bytes; {@code retry} says whether it may be sent twice. */
    public CompletableFuture<RespValue> command(Retry retry, List<byte[]> arguments) {
        Objects.requireNonNull(retry, "retry");
        Operation operation = new Operation(sequence.incrementAndGet(), arguments, retry,
                System.nanoTime() + operationTimeout.toNanos());
        loop.execute(() -> switchboard.submit(operation));
        return operation.result;
    }

    /** The site the client sends to now. */
    public String activeSite() {
        return switchboard.activeSite();
    }

    /**
     * Moves to {@code site} now (what is in flight at the old site is still answered there). Away from home the
     * client then stays at {@code site} (no automatic return) until it fails or {@code switchTo(home)} is called.
     *
     * @return completes once the switch is made
     * @throws IllegalArgumentException (through the future) if there is no such site
     */
    public CompletableFuture<Void> switchTo(String site) {
        return CompletableFuture.runAsync(() -> switchboard.switchManually(site), loop);
    }

    /** Closes every connection; operations not answered yet fail. Waits up to 2 s for the I/O thread to stop. */
    @Override
    public void close() {
        CompletableFuture.runAsync(switchboard::close, loop).join();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        listeners.shutdown();
    }

    private <T> CompletableFuture<T> send(Retry retry, Function<RespValue, T> answer, String... arguments) {
        return command(retry, arguments).thenApply(answer);
    }

    private static Void ok(String command, RespValue reply) {
        if (reply instanceof RespValue.Simple simple && simple.text().equals("OK")) {
            return null;
        }
        return unexpected(command, reply);
    }

    private static <T> T unexpected(String command, RespValue reply) {
        throw new GridClientException(command + " got an unexpected reply: " + reply, null);
    }

    /**
     * The settings of a {@link FailoverClient}. Sites are tried, when one fails, in the order they were added;
     * home is the first site unless {@link #home} names another.
     */
    public static final class Builder {
        private final Map<String, SiteEndpoints> sites = new LinkedHashMap<>();
        private String home;
        private Optional<String> password = Optional.empty();
        private Optional<RespTls> tls = Optional.empty();
        private int database;
        private ClientTimeouts timeouts = ClientTimeouts.DEFAULTS;
        private ReplyLimits limits = ReplyLimits.DEFAULTS;
        private HomeReadiness readiness;
        private Optional<String> adminToken = Optional.empty();
        private MeterRegistry registry = Metrics.globalRegistry;
        private final List<FailoverListener> listeners = new ArrayList<>();
        private String probeKey = "xsite:failover-client:probe";

        private Builder() {
        }

        /** Adds a site served at {@code resp} (tried in order), without admin endpoints. */
        public Builder site(String name, List<InetSocketAddress> resp) {
            return site(new SiteEndpoints(name, resp, List.of()));
        }

        /** Adds a site served at {@code resp}, its members' admin endpoints at {@code admin}. */
        public Builder site(String name, List<InetSocketAddress> resp, List<URI> admin) {
            return site(new SiteEndpoints(name, resp, admin));
        }

        /** Adds {@code site}. */
        public Builder site(SiteEndpoints site) {
            if (sites.putIfAbsent(site.name(), site) != null) {
                throw new IllegalArgumentException("site " + site.name() + " is configured twice");
            }
            return this;
        }

        /** The site to use whenever it answers and has caught up. Default: the first site added. */
        public Builder home(String site) {
            this.home = Objects.requireNonNull(site, "site");
            return this;
        }

        /** The password every site's RESP port asks for ({@code AUTH}). Default: none. */
        public Builder password(String value) {
            this.password = Optional.of(value);
            return this;
        }

        /**
         * Speaks TLS to every RESP port, trusting the CA certificates in the PEM file {@code trustedCa}, without a
         * client certificate: for ports that also take a password ({@link #password}), which then authenticates.
         * Each member must present a certificate of that CA naming a member of the site connected to
         * ({@code urn:xsite:member:nyc}, as {@code xsite pki} issues them); host names are not checked. Files are
         * read once, now. Default: plain.
         *
         * @throws IllegalArgumentException naming the file that cannot be read or is not PEM
         */
        public Builder tls(Path trustedCa) {
            this.tls = Optional.of(RespTls.fromPem(trustedCa, Optional.empty(), Optional.empty()));
            return this;
        }

        /**
         * As {@link #tls(Path)}, presenting the client certificate chain in {@code certificate} with its key in
         * {@code privateKey} (PEM, the key PKCS#8 as {@code xsite pki} writes it): mutual TLS, which a node's RESP
         * port asks for when it has TLS and no password. Any certificate of the deployment's CA will do; a
         * {@code tool} identity ({@code xsite pki tool NAME}) says what the client is.
         *
         * @throws IllegalArgumentException naming the file that cannot be read or is not PEM
         */
        public Builder tls(Path trustedCa, Path certificate, Path privateKey) {
            this.tls = Optional.of(RespTls.fromPem(trustedCa, Optional.of(certificate), Optional.of(privateKey)));
            return this;
        }

        /**
         * Speaks TLS to every RESP port with {@code context}, a client context built by the caller: it alone
         * decides how servers are checked (no site identity check). Default: plain.
         */
        public Builder tls(SslContext context) {
            this.tls = Optional.of(RespTls.of(context));
            return this;
        }

        /** The database (the grid's n-th cache) every connection selects. Default: 0, the {@code default} cache. */
        public Builder database(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("a database is a number from 0: " + value);
            }
            this.database = value;
            return this;
        }

        /** How long the client waits for what. Default: {@link ClientTimeouts#DEFAULTS}. */
        public Builder timeouts(ClientTimeouts value) {
            this.timeouts = Objects.requireNonNull(value, "timeouts");
            return this;
        }

        /** What one reply may hold. Default: {@link ReplyLimits#DEFAULTS}. */
        public Builder limits(ReplyLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /**
         * Decides when home has caught up. Default: {@link AdminStatusReadiness} over the sites' admin endpoints
         * when any site has one, else {@link HomeReadiness#answersAndWrites()}.
         */
        public Builder readiness(HomeReadiness value) {
            this.readiness = Objects.requireNonNull(value, "readiness");
            return this;
        }

        /** The bearer token of the sites' admin endpoints, for the default readiness. Default: none. */
        public Builder adminToken(String value) {
            this.adminToken = Optional.of(value);
            return this;
        }

        /** Where the client's meters go. Default: Micrometer's global registry. */
        public Builder meterRegistry(MeterRegistry value) {
            this.registry = Objects.requireNonNull(value, "registry");
            return this;
        }

        /** Hears every switch. */
        public Builder listener(FailoverListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * The key the client writes at home (with a 10 s expiry) to see that home accepts writes before it
         * returns. Default: {@code xsite:failover-client:probe}.
         */
        public Builder probeKey(String value) {
            this.probeKey = Objects.requireNonNull(value, "probeKey");
            return this;
        }

        /** Starts the client: it connects to home at once, without waiting for the connection. */
        public FailoverClient build() {
            return new FailoverClient(this);
        }
    }
}
