package io.xsite.router;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The identity of a plain TCP client: its source IP address. Every client behind one address (one host,
 * one NAT, a load balancer that does not keep source addresses) is one identity.
 *
 * @param address the connection's remote IP address
 */
public record SourceAddressIdentity(InetAddress address) implements ClientIdentity {
    public SourceAddressIdentity {
        Objects.requireNonNull(address, "address");
    }

    @Override
    public String toString() {
        return address.getHostAddress();
    }
}
