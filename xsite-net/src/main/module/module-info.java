/**
 * What every xsite process that listens or dials shares: the event loops, TLS with certificate identities, and
 * the HTTP admin endpoint. Exported: applications configure TLS ({@code io.xsite.net.tls}) and add admin routes
 * ({@code io.xsite.net.admin}). The event loops ({@code io.xsite.net.loop}) only to the modules that run on them.
 */
module io.xsite.net {
    requires transitive io.xsite.wire;
    requires transitive io.netty.handler;
    requires transitive io.netty.codec.http;
    requires transitive micrometer.core;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.util;
    requires org.slf4j;

    exports io.xsite.net.admin;
    exports io.xsite.net.loop to io.xsite.core, io.xsite.router, io.xsite.relay, io.xsite.grid;
    exports io.xsite.net.tls;
}
