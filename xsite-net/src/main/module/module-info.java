/**
 * What every xsite process that listens or dials shares: the event loops, TLS with certificate identities, and
 * the HTTP admin endpoint. Exported: applications configure TLS ({@code io.xsite.net.tls}) and add admin routes
 * ({@code io.xsite.net.admin}); the event loops are what every member and router of a JVM runs on.
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
    exports io.xsite.net.loop;
    exports io.xsite.net.tls;
}
