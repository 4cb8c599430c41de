package io.xsite.net.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches one aggregated request to its route, once the server's {@link AdminGuard} let it through, and
 * writes the answer; for an {@link EventStreamRoute}, opens the stream that the route then writes. One per
 * connection. Thin: the guard holds what is shared by the server's connections.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

    private final Map<String, AdminRoute> routes;
    private final AdminGuard guard;
    /** The event stream this connection serves, once a request opened one; on the channel's event loop. */
    private ChannelEventStream stream;

    AdminHandler(Map<String, AdminRoute> routes, AdminGuard guard) {
        this.routes = routes;
        this.guard = guard;
    }

    /** Borrows {@code request}: the superclass releases it when this returns. */
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, AdminResponse.text(400, "bad request\n"), keepAlive);
            return;
        }
        if (stream != null) {
            // An event stream owns this connection's responses: an answer now would land inside it.
            ctx.close();
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        AdminRoute route = route(path);
        // An open route is open for reading only: whatever it declares, a change of state needs the token.
        boolean open = route != null && route.open() && !route.changesState(request.method());
        Optional<AdminResponse> refusal = guard.authenticate(path, open,
                request.headers().get(HttpHeaderNames.AUTHORIZATION));
        if (refusal.isPresent()) {
            respond(ctx, refusal.get(), keepAlive);
            return;
        }
        if (route == null) {
            respond(ctx, AdminResponse.text(404, "no such path: " + path + "\n"), keepAlive);
            return;
        }
        if (!route.methods().contains(request.method())) {
            String allowed = route.methods().stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", "));
            respond(ctx, AdminResponse.text(405, "only " + allowed + " on " + path + "\n")
                    .withHeader(HttpHeaderNames.ALLOW.toString(), allowed), keepAlive);
            return;
        }
        refusal = guard.admit(route, request.method());
        if (refusal.isPresent()) {
            respond(ctx, refusal.get(), keepAlive);
            return;
        }
        AdminRequest admitted = new AdminRequest(request.method(), path, uri.parameters(),
                ByteBufUtil.getBytes(request.content()));
        if (route instanceof EventStreamRoute events) {
            openStream(ctx, events, admitted, keepAlive);
            return;
        }
        route.answer(admitted).whenComplete((answer, failure) -> {
            if (failure != null) {
                LOG.warn("admin route {} failed", path, failure);
                respond(ctx, AdminResponse.text(500, "internal error\n"), keepAlive);
            } else {
                respond(ctx, answer, keepAlive);
            }
        });
    }

    /** Hands a new event stream on this connection to {@code route}, or answers with its refusal. */
    private void openStream(ChannelHandlerContext ctx, EventStreamRoute route, AdminRequest request,
                            boolean keepAlive) {
        ChannelEventStream opened = new ChannelEventStream(ctx.channel());
        Optional<AdminResponse> refusal = route.open(request, opened);
        if (refusal.isPresent()) {
            respond(ctx, refusal.get(), keepAlive);
            return;
        }
        stream = opened;
        opened.start();
    }

    /**
     * The route of {@code path}: the one registered for it, else the nearest {@code PREFIX/*} above it
     * ({@code /caches/*} serves {@code /caches/default/user:1}); null if none.
     */
    private AdminRoute route(String path) {
        AdminRoute route = routes.get(path);
        int slash = path.length();
        while (route == null && (slash = path.lastIndexOf('/', slash - 1)) >= 0) {
            route = routes.get(path.substring(0, slash) + AdminServer.WILDCARD);
        }
        return route;
    }

    private static void respond(ChannelHandlerContext ctx, AdminResponse answer, boolean keepAlive) {
        ByteBuf body = ByteBufUtil.writeUtf8(ctx.alloc(), answer.body());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()), body);
        answer.headers().forEach(response.headers()::set);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        HttpUtil.setContentLength(response, body.readableBytes());
        HttpUtil.setKeepAlive(response, keepAlive);
        // writeAndFlush is safe from the route's completion thread: Netty hops to the channel's loop.
        ctx.writeAndFlush(response);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("admin connection from {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
