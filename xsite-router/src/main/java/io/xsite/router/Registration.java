package io.xsite.router;

import io.xsite.wire.address.Address;
import io.xsite.wire.address.UuidAddress;
import java.util.Objects;

/**
 * One member registered in one group through one client connection.
 *
 * @param group      the group (cluster name)
 * @param address    the member's logical address, the key clients send and route to
 * @param name       the member's logical name; nullable
 * @param physical   the physical address the member advertised; nullable
 * @param connection the connection that registered it and receives its frames
 */
record Registration(String group, Address address, String name, Address physical, ClientConnection connection) {
    Registration {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(connection, "connection");
    }

    /** The member as operators know it: a site address shows {@code name:site}, others name and UUID. */
    String label() {
        if (address instanceof UuidAddress uuid && uuid.kind() == UuidAddress.Kind.SITE_UUID) {
            return address.toString();
        }
        return name == null ? address.toString() : name + "/" + address;
    }
}
