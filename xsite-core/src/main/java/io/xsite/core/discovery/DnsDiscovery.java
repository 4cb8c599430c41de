package io.xsite.core.discovery;

import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.NoopAuthoritativeDnsServerCache;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.NoopDnsCnameCache;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.xsite.core.discovery.DnsDiscoveryConfig.RecordType;
import io.xsite.net.loop.EventLoops;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery through the DNS records of a Kubernetes-style headless service: the A records of a name (every
 * pod's IP, each at the configured port) or its SRV records (each target's addresses at the record's port).
 * Every {@link #find()} queries again: the resolver keeps no cache, so a pod that came or went since the
 * last call shows at once.
 *
 * <p>Queries run on one event loop of {@link EventLoops#shared()} through Netty's non-blocking resolver.
 * A name that does not exist, a server that does not answer within the query timeout, or an answer that
 * does not decode yields no candidates and one log line per outage ({@link FailureLog}), never a failed
 * {@code find()}. For SRV, a target whose addresses cannot be found is left out and the others stay.
 */
final class DnsDiscovery implements Discovery {
    private static final Logger log = LoggerFactory.getLogger(DnsDiscovery.class);

    private final DnsDiscoveryConfig config;
    private final String source;
    private final DnsNameResolver resolver;
    private final FailureLog failures = new FailureLog(log);
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A discovery asking as {@code config} says; opens the resolver's UDP socket. */
    public DnsDiscovery(DnsDiscoveryConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.source = "DNS " + config.recordType() + " query for " + config.name()
                + (config.server() == null ? "" : " at " + config.server());
        DnsServerAddressStreamProvider servers = config.server() == null
                ? DnsServerAddressStreamProviders.platformDefault()
                : new SingletonDnsServerAddressStreamProvider(config.server());
        this.resolver = new DnsNameResolverBuilder(EventLoops.shared().next())
                .datagramChannelType(EventLoops.datagramChannel())
                .nameServerProvider(servers)
                .queryTimeoutMillis(config.queryTimeout().toMillis())
                // No caches: each find() must see the records as they are now (pods come and go).
                .resolveCache(NoopDnsCache.INSTANCE)
                .cnameCache(NoopDnsCnameCache.INSTANCE)
                .authoritativeDnsServerCache(NoopAuthoritativeDnsServerCache.INSTANCE)
                .build();
    }

    @Override
    public CompletionStage<List<Candidate>> find() {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException(source + ": discovery is closed"));
        }
        CompletableFuture<List<InetSocketAddress>> found = config.recordType() == RecordType.A
                ? addresses(config.name(), config.port())
                : srvTargets(config.name()).thenCompose(this::addressesOfTargets);
        return found.handle((physicals, error) -> {
            if (error != null) {
                failures.failed(source, describe(error));
                return List.of();
            }
            failures.succeeded(source);
            log.debug("{} found {}", source, physicals);
            return physicals.stream().distinct().map(Candidate::at).toList();
        });
    }

    /** Closes the resolver's socket; queries in flight fail and find() fails from now on. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            resolver.close();
        }
    }

    /** The addresses of {@code host} (A, and AAAA as the resolver prefers), each at {@code port}. */
    private CompletableFuture<List<InetSocketAddress>> addresses(String host, int port) {
        CompletableFuture<List<InetSocketAddress>> result = new CompletableFuture<>();
        resolver.resolveAll(host).addListener((Future<List<InetAddress>> done) -> {
            if (done.isSuccess()) {
                result.complete(done.getNow().stream().map(ip -> new InetSocketAddress(ip, port)).toList());
            } else {
                result.completeExceptionally(done.cause());
            }
        });
        return result;
    }

    /** The SRV records of {@code name}; the records are released here, as soon as they are decoded. */
    private CompletableFuture<List<SrvTarget>> srvTargets(String name) {
        CompletableFuture<List<SrvTarget>> result = new CompletableFuture<>();
        resolver.resolveAll(new DefaultDnsQuestion(name, DnsRecordType.SRV)).addListener(
                (Future<List<DnsRecord>> done) -> {
                    if (!done.isSuccess()) {
                        result.completeExceptionally(done.cause());
                        return;
                    }
                    List<DnsRecord> records = done.getNow();
                    try {
                        List<SrvTarget> targets = new ArrayList<>(records.size());
                        for (DnsRecord record : records) {
                            SrvTarget target = record.type() == DnsRecordType.SRV && record instanceof DnsRawRecord raw
                                    ? SrvTarget.decode(raw) : null;
                            if (target != null) {
                                targets.add(target);
                            }
                        }
                        result.complete(targets);
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    } finally {
                        records.forEach(ReferenceCountUtil::release);
                    }
                });
        return result;
    }

    /** The addresses of every target at its port, in record order; a target that fails is left out. */
    private CompletableFuture<List<InetSocketAddress>> addressesOfTargets(List<SrvTarget> targets) {
        List<CompletableFuture<List<InetSocketAddress>>> each = new ArrayList<>(targets.size());
        for (SrvTarget target : targets) {
            String targetSource = "DNS address query for SRV target " + target.host() + " of " + config.name();
            each.add(addresses(target.host(), target.port()).handle((addresses, error) -> {
                if (error != null) {
                    failures.failed(targetSource, describe(error));
                    return List.of();
                }
                failures.succeeded(targetSource);
                return addresses;
            }));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Set<InetSocketAddress> merged = new LinkedHashSet<>();
            each.forEach(addresses -> merged.addAll(addresses.join()));
            return List.copyOf(merged);
        });
    }

    /** The message of the failure that matters, without the wrapping of the futures. */
    private static String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause.getCause() != null && cause.getCause().getMessage() != null
                ? cause.getMessage() + " (" + cause.getCause().getMessage() + ")" : String.valueOf(cause.getMessage());
    }
}
