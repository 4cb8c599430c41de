package io.xsite.relay.routing;

/**
 * A DATA or BATCH envelope as a site master passes it on: its bytes, its kind, its route (read without the
 * bodies), and where the route's visited sites lie in the bytes, so that splicing this site in needs no
 * second reading of the route. Made by {@link RelayCodec#dataRoute}.
 *
 * @param encoded    the envelope's bytes, as they arrived (not copied: the caller must not change them)
 * @param kind       {@link Envelope.Kind#DATA} or {@link Envelope.Kind#BATCH}
 * @param route      its route
 * @param messages   how many elements it carries (a batch's count, read with the route; DATA: 1)
 * @param visitedAt  the index of the visited sites' count
 * @param visitedEnd the index just after the visited sites
 */
public record DataRoute(byte[] encoded, Envelope.Kind kind, Route route, int messages, int visitedAt,
                        int visitedEnd) {

    /**
     * The envelope after {@code site}'s site master passed it over a bridge, as
     * {@link RelayCodec#via(byte[], String)} gives it.
     *
     * @throws IllegalArgumentException if the route already has {@link Route#MAX_HOPS} sites
     */
    public byte[] via(String site) {
        return RelayCodec.splice(encoded, visitedAt, visitedEnd, route.visited(), site);
    }
}
