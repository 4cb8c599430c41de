package io.xsite.relay.probe;

import io.xsite.net.admin.AdminResponse;
import io.xsite.net.admin.AdminRoute;
import io.xsite.core.delivery.Message;
import io.xsite.core.delivery.Replies;
import io.xsite.core.member.RequestHandler;
import io.xsite.relay.RelayNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay node's probe: it answers probe requests from any member of any site with what the node is and
 * what was asked for, and serves {@code /probe} on the node's admin endpoint, which asks every member of
 * the site (or of every site) and prints their answers ({@link ProbeReport}).
 *
 * <pre>{@code
 * RelayNode node = RelayNode.start(config);
 * ProbeService.install(node);                  // or install(node, applicationHandler)
 * // curl 'localhost:8080/probe?keys=view,version&scope=all'
 * }</pre>
 *
 * <p>The probe owns the node's request handler: requests that do not start with the probe's magic go to
 * the delegate given at install time, or get an empty reply without one (as a node without a handler
 * answers). Threads: requests are answered on the thread the node calls its handler on; the route
 * answers on the admin event loop and completes when the node's request does.
 */
public final class ProbeService implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(ProbeService.class);

    private final RelayNode node;
    private final RequestHandler delegate;
    private final MemberDescription description;
    private final long startedNanos = System.nanoTime();

    private ProbeService(RelayNode node, RequestHandler delegate) {
        this.node = node;
        this.delegate = delegate;
        this.description = new MemberDescription(node);
    }

    /**
     * Makes {@code node} answer probes and serve {@code /probe} (when it has an admin endpoint; rate-limited,
     * since each probe asks every member of every site); any other request gets an empty reply. Call it right after starting the node: uptime counts from here.
     */
    public static ProbeService install(RelayNode node) {
        return install(node, null);
    }

    /**
     * As {@link #install(RelayNode)}, with {@code delegate} answering every request that is not a probe's.
     *
     * @param delegate the application's handler; null = empty replies
     */
    public static ProbeService install(RelayNode node, RequestHandler delegate) {
        ProbeService probe = new ProbeService(Objects.requireNonNull(node, "node"), delegate);
        node.setRequestHandler(probe);
        if (!node.addAdminRoute(ProbeQuery.PATH, AdminRoute.throttled(probe::answerRoute))) {
            log.info("[{}/{}] probe answers requests; no admin endpoint, so no {} route", node.site(), node.name(),
                    ProbeQuery.PATH);
        }
        return probe;
    }

    /**
     * The reply to {@code request}: a probe answer for a probe request, else the delegate's reply.
     *
     * @throws ProbeFormatException for a request with the probe's magic that this version cannot read; the
     *                              requester gets the message as the reply's error
     */
    @Override
    public byte[] handle(Message request) throws Exception {
        if (!ProbeCodec.isRequest(request.payload())) {
            return delegate != null ? delegate.handle(request) : new byte[0];
        }
        ProbeRequest probe;
        try {
            probe = ProbeCodec.decodeRequest(request.payload());
        } catch (ProbeFormatException e) {
            log.debug("[{}/{}] unreadable probe request from {}: {}", node.site(), node.name(), request.sender(),
                    e.getMessage());
            throw e;
        }
        return ProbeCodec.encodeAnswer(description.answer(probe, uptime()));
    }

    /**
     * Asks the members {@code query} names and renders their answers; completes once every member answered
     * or the query's timeout passed.
     */
    public CompletableFuture<String> probe(ProbeQuery query) {
        byte[] request = ProbeCodec.encodeRequest(query.request());
        CompletableFuture<Replies> replies = query.scope() == ProbeQuery.Scope.ALL
                ? node.requestAll(request, query.timeout())
                : node.requestSite(request, query.timeout());
        return replies.thenApply(ProbeReport::render);
    }

    private Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private CompletionStage<AdminResponse> answerRoute(Map<String, List<String>> parameters) {
        ProbeQuery query;
        try {
            query = ProbeQuery.fromParameters(parameters);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(AdminResponse.text(400, e.getMessage() + "\n"));
        }
        return probe(query).handle((text, failure) -> failure == null ? AdminResponse.text(200, text)
                : AdminResponse.text(503, "probe of " + node.name() + ":" + node.site() + " failed: "
                        + rootMessage(failure) + "\n"));
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }
}
