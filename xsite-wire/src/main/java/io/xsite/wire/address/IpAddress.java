package io.xsite.wire.address;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A physical address: an IPv4 or IPv6 address (or none) and a port, JGroups' {@code IpAddress}.
 *
 * @param ip   the IP address; {@code null} when the sender knew none
 * @param port the port, 0 to 65535
 */
public record IpAddress(InetAddress ip, int port) implements Address {
    public IpAddress {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** The address of a socket as the router saw it. */
    public static IpAddress of(InetSocketAddress socket) {
        return new IpAddress(socket.getAddress(), socket.getPort());
    }

    @Override
    public String toString() {
        if (ip == null) {
            return "null:" + port;
        }
        String host = ip.getHostAddress();
        return (ip instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }
}
