package io.xsite.core.admin;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dispatches one aggregated request to its route and writes the answer. Thin: no state of its own. */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

    private final Map<String, AdminRoute> routes;

    AdminHandler(Map<String, AdminRoute> routes) {
        this.routes = routes;
    }

    /** Borrows {@code request}: the superclass releases it when this returns. */
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, AdminResponse.text(400, "bad request\n"), keepAlive);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        AdminRoute route = routes.get(path);
        if (route == null) {
            respond(ctx, AdminResponse.text(404, "no such path: " + path + "\n"), keepAlive);
        } else if (!HttpMethod.GET.equals(request.method())) {
            respond(ctx, AdminResponse.text(405, "only GET is supported\n"), keepAlive);
        } else {
            route.answer(uri.parameters()).whenComplete((answer, failure) -> {
                if (failure != null) {
                    LOG.warn("admin route {} failed", path, failure);
                    respond(ctx, AdminResponse.text(500, "internal error\n"), keepAlive);
                } else {
                    respond(ctx, answer, keepAlive);
                }
            });
        }
    }

    private static void respond(ChannelHandlerContext ctx, AdminResponse answer, boolean keepAlive) {
        ByteBuf body = ByteBufUtil.writeUtf8(ctx.alloc(), answer.body());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()), body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        if (answer.status() == 405) {
            response.headers().set(HttpHeaderNames.ALLOW, "GET");
        }
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
