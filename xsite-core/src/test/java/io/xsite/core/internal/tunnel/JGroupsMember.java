package io.xsite.core.internal.tunnel;

import io.xsite.wire.address.UuidAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.jgroups.stack.IpAddress;
import org.jgroups.stack.RouterStub;
import org.jgroups.util.DefaultSocketFactory;
import org.jgroups.util.UUID;

/** A member registered with a router by JGroups' own RouterStub: the reference client. */
final class JGroupsMember implements AutoCloseable {
    private final RouterStub stub;
    private final UUID uuid = UUID.randomUUID();

    private JGroupsMember(RouterStub stub) {
        this.stub = stub;
    }

    /** Connects to {@code router} and registers as {@code name} in {@code group}, physical 127.0.0.1:{@code physicalPort}. */
    static JGroupsMember register(InetSocketAddress router, String group, String name, int physicalPort)
            throws Exception {
        RouterStub stub = new RouterStub(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), router, false,
                null, new DefaultSocketFactory());
        JGroupsMember member = new JGroupsMember(stub);
        stub.connect(group, member.uuid, name, new IpAddress("127.0.0.1", physicalPort));
        return member;
    }

    /** The member's address as xsite decodes it. */
    UuidAddress address() {
        return UuidAddress.uuid(new java.util.UUID(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()));
    }

    /** Closes the connection without UNREGISTER, as a crash does: the router emits SUSPECT. */
    void crash() {
        stub.destroy();
    }

    @Override
    public void close() {
        stub.destroy();
    }
}
