/** The failover client: {@code FailoverClient}, its configuration records, events and exceptions. */
module io.xsite.client {
    requires java.net.http;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    requires transitive io.netty.handler;
    requires io.netty.transport;
    requires com.fasterxml.jackson.databind;
    requires transitive micrometer.core;
    requires org.slf4j;

    exports io.xsite.client;
}
