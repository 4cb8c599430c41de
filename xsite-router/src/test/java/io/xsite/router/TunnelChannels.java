package io.xsite.router;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Queue;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FRAG2;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.PING;
import org.jgroups.protocols.TUNNEL;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;
import org.jgroups.util.TLS;

/** Real JGroups 5.5 channels with a TUNNEL to one of our routers, for the interop tests. */
final class TunnelChannels {
    private TunnelChannels() {
    }

    /**
     * A channel named {@code name} tunnelling through {@code router} with {@code tunnel}'s TLS as given (off
     * unless enabled), adding every {@code String} it receives to {@code received}; not yet connected.
     */
    static JChannel channel(String name, InetSocketAddress router, TLS tls, Queue<String> received)
            throws Exception {
        TUNNEL tunnel = new TUNNEL().setGossipRouterHosts(router.getHostString() + "[" + router.getPort() + "]")
                .tls(tls);
        tunnel.setBindAddress(InetAddress.getLoopbackAddress());
        tunnel.setPortRange(0);
        Protocol[] stack = {tunnel, new PING(), new MERGE3(), new FD_ALL3(), new VERIFY_SUSPECT(),
                new NAKACK2().useMcastXmit(false), new UNICAST3(), new STABLE(), new GMS().setJoinTimeout(2000),
                new FRAG2()};
        JChannel channel = new JChannel(stack).name(name);
        channel.setReceiver(new Receiver() {
            @Override
            public void receive(Message msg) {
                received.add(msg.getObject());
            }
        });
        return channel;
    }
}
