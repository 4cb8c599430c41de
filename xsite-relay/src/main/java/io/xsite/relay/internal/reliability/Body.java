package io.xsite.relay.internal.reliability;

/**
 * What an element of an origin stream carries. The reliability layer holds it, passes it on and counts
 * its bytes against the buffers; the routing layer gives it its wire form. Two kinds exist: the
 * application payload as the origin built it, written out only when an envelope is encoded (encoding it
 * into bytes first copied every payload twice more at its origin), and a range of a received envelope.
 */
public interface Body {
    /** Bytes of the body's wire form. */
    int length();
}
