package io.xsite.relay.internal.routing;

import io.netty.buffer.ByteBuf;

/**
 * A DATA or BATCH envelope as a site master passes it on: its bytes, its kind, its route (read without the
 * bodies), and where the route's visited sites lie in the bytes, so that splicing this site in needs no
 * second reading of the route. Made by {@link RelayCodec#dataRoute}.
 *
 * @param encoded    the envelope's readable bytes, as they arrived; borrowed (valid while the message that
 *                   carried them is), neither changed nor moved
 * @param kind       {@link Envelope.Kind#DATA} or {@link Envelope.Kind#BATCH}
 * @param route      its route
 * @param messages   how many elements it carries (a batch's count, read with the route; DATA: 1)
 * @param visitedAt  the index of the visited sites' count, counted from the envelope's first byte
 * @param visitedEnd the index just after the visited sites, likewise
 */
public record DataRoute(ByteBuf encoded, Envelope.Kind kind, Route route, int messages, int visitedAt,
                        int visitedEnd) {

    /**
     * The envelope after {@code site}'s site master passed it over a bridge, as
     * {@link RelayCodec#via(ByteBuf, String)} gives it: a buffer the caller owns (a retained duplicate of
     * {@link #encoded} when {@code site} was visited before, which is the common case).
     *
     * @throws IllegalArgumentException if the route already has {@link Route#MAX_HOPS} sites
     */
    public ByteBuf via(String site) {
        return RelayCodec.splice(encoded, visitedAt, visitedEnd, route.visited(), site);
    }
}
