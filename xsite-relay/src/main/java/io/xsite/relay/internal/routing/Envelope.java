package io.xsite.relay.internal.routing;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.internal.reliability.Body;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.reliability.Loss;
import io.xsite.relay.internal.reliability.Sequenced;
import io.xsite.relay.topology.SiteView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A relay frame: what travels between the members of a site (as the payload of a local message marked
 * with the {@link RelayCodec#MARKER} header) and between site masters over the bridge. Routed kinds carry
 * a {@link Route}; topology kinds flood from site master to site master with the sites they visited.
 */
public sealed interface Envelope {

    /** The envelope kind, as written on the wire. */
    Kind kind();

    /** An envelope that is routed to a member or site, rather than flooded between site masters. */
    sealed interface Routed extends Envelope {
        /** Where it came from and goes. */
        Route route();

        /** This envelope on {@code route}. */
        Routed on(Route route);
    }

    /** A routed envelope carrying elements of one origin stream: one {@link Data}, or a {@link Batch} of them. */
    sealed interface Streamed extends Routed {
        /** The elements, each a {@link Data} on this envelope's route, in the order they were sent. */
        List<Data> parts();
    }

    /** Whether {@code envelope} carries elements of an origin stream: a {@link Streamed} or a {@link SealedBatch}. */
    static boolean carriesElements(Envelope envelope) {
        return envelope instanceof Streamed || envelope instanceof SealedBatch;
    }

    /** How many stream elements {@code envelope} carries; 1 for an envelope of another kind (a message). */
    static int elementCount(Envelope envelope) {
        if (envelope instanceof Streamed streamed) {
            return streamed.parts().size();
        }
        return envelope instanceof SealedBatch sealed ? sealed.count() : 1;
    }

    /** Envelope kinds and their wire codes. */
    enum Kind {
        /** Application data of one origin stream. */
        DATA(1),
        /** A cumulative acknowledgement of an origin stream, routed back to the origin. */
        ACK(2),
        /** The destination site cannot be reached; routed back to the origin. */
        SITE_UNREACHABLE(3),
        /** The destination member is not in its site's view; routed back to the origin. */
        MEMBER_UNREACHABLE(4),
        /** One site's view, pushed by its site masters. */
        TOPOLOGY(5),
        /** A site dropped out of the bridges. */
        SITE_DOWN(6),
        /** A member announces itself (and its physical address) to its site master and asks for the topology. */
        HELLO(7),
        /** Several elements of one origin stream, sent together. */
        BATCH(8),
        /** A site's certificate, with which the other sites seal payloads to it and open its payloads. */
        SITE_CERTIFICATE(9),
        /** Elements of an origin stream a receiver will not deliver, routed back to the origin. */
        UNDELIVERED(10),
        /** Several elements of one origin stream, sent together and sealed as one. */
        SEALED_BATCH(11);

        /** The wire code. */
        public final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    /**
     * Application data of the origin's stream to {@code route.to()}.
     *
     * @param route where it came from and goes
     * @param epoch the stream's epoch (changes when the origin restarts the stream)
     * @param seq   the position in the stream, from 1
     * @param lowestUnacked the oldest position the origin still holds ({@code 1 <= lowestUnacked <= seq})
     * @param body  the {@link AppPayload}, or its wire form in a received envelope; shared, not copied
     */
    record Data(Route route, long epoch, long seq, long lowestUnacked, Body body) implements Streamed {
        public Data {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(body, "body");
            if (epoch == 0 || seq < 1 || lowestUnacked < 1 || lowestUnacked > seq) {
                throw new IllegalArgumentException("need epoch != 0 and 1 <= lowestUnacked <= seq: " + epoch + ", "
                        + lowestUnacked + ", " + seq);
            }
        }

        /** The stream element this envelope carries. */
        public Sequenced element() {
            return new Sequenced(route.origin(), route.to(), epoch, seq, lowestUnacked, body);
        }

        /** The envelope carrying {@code element} from its origin. */
        public static Data of(Sequenced element) {
            return new Data(Route.from(element.origin(), element.destination()), element.epoch(), element.seq(),
                    element.lowestUnacked(), element.body());
        }

        @Override
        public Data on(Route route) {
            return new Data(route, epoch, seq, lowestUnacked, body);
        }

        @Override
        public List<Data> parts() {
            return List.of(this);
        }

        @Override
        public Kind kind() {
            return Kind.DATA;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && route.equals(d.route) && epoch == d.epoch && seq == d.seq
                    && lowestUnacked == d.lowestUnacked && body.equals(d.body);
        }

        @Override
        public int hashCode() {
            return Objects.hash(route, epoch, seq, lowestUnacked, body);
        }
    }

    /**
     * Elements of one origin stream that left the origin together, sealed end to end as one body
     * ({@code io.xsite.relay.sealing}): site masters pass them on like a {@link Batch}, seeing their route
     * and count only; the destination opens them into a {@link Batch}. One seal per batch, not per element:
     * setting the cipher up for each payload cost more than encrypting it.
     *
     * @param route  where they came from and go
     * @param count  how many elements the sealed body holds, 1 to {@link Batch#MAX_PARTS}
     * @param sealed the sealed elements, as the origin's protection made them
     */
    record SealedBatch(Route route, int count, Body sealed) implements Routed {
        public SealedBatch {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(sealed, "sealed");
            if (count < 1 || count > Batch.MAX_PARTS) {
                throw new IllegalArgumentException("a batch has 1 to " + Batch.MAX_PARTS + " parts: " + count);
            }
        }

        @Override
        public SealedBatch on(Route route) {
            return new SealedBatch(route, count, sealed);
        }

        @Override
        public Kind kind() {
            return Kind.SEALED_BATCH;
        }
    }

    /**
     * Elements of one origin stream that left the origin together: site masters pass them on as one
     * message, reading one route, where each element of a fast stream cost them a message of its own. The
     * destination takes them one by one, as if each had come alone.
     *
     * @param route where they came from and go
     * @param parts the elements, at least one and at most {@link #MAX_PARTS}, each on {@code route}
     */
    record Batch(Route route, List<Data> parts) implements Streamed {
        /** Most elements in one batch. */
        public static final int MAX_PARTS = 1024;

        public Batch {
            Objects.requireNonNull(route, "route");
            parts = List.copyOf(parts);
            if (parts.isEmpty() || parts.size() > MAX_PARTS) {
                throw new IllegalArgumentException("a batch has 1 to " + MAX_PARTS + " parts: " + parts.size());
            }
            for (Data part : parts) {
                if (part.route() != route && !part.route().equals(route)) {
                    throw new IllegalArgumentException("a part on another route: " + part.route() + ", not " + route);
                }
            }
        }

        @Override
        public Batch on(Route route) {
            return new Batch(route, parts.stream().map(part -> part.on(route)).toList());
        }

        @Override
        public Kind kind() {
            return Kind.BATCH;
        }
    }

    /**
     * Acknowledges everything up to {@code seq} of the stream ({@code route.to()}'s member, {@code stream}).
     *
     * @param route  from the acknowledging member to the origin of the stream
     * @param stream the destination of the acknowledged stream
     * @param epoch  its epoch
     * @param seq    the highest position delivered without a gap
     */
    record Ack(Route route, Destination stream, long epoch, long seq) implements Routed {
        public Ack {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(stream, "stream");
        }

        @Override
        public Routed on(Route route) {
            return new Ack(route, stream, epoch, seq);
        }

        @Override
        public Kind kind() {
            return Kind.ACK;
        }
    }

    /**
     * A receiver tells the origin of a stream that it will not deliver some of its elements: a site member
     * skipped {@code fromSeq..toSeq} ({@link Loss#SKIPPED}), or the receiver refuses the stream's {@code epoch}
     * because it forgot it ({@link Loss#FORGOTTEN}; that names the epoch alone, its positions are 1).
     *
     * @param route   from the receiving member to the origin of the stream
     * @param stream  the destination of the stream
     * @param epoch   its epoch
     * @param fromSeq the first element concerned, {@code >= 1}
     * @param toSeq   the last, {@code >= fromSeq}
     * @param reason  {@link Loss#SKIPPED} or {@link Loss#FORGOTTEN}
     */
    record Undelivered(Route route, Destination stream, long epoch, long fromSeq, long toSeq, Loss reason)
            implements Routed {
        public Undelivered {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(reason, "reason");
            if (reason != Loss.SKIPPED && reason != Loss.FORGOTTEN) {
                throw new IllegalArgumentException("a receiver reports skipped or forgotten elements, not " + reason);
            }
            if (fromSeq < 1 || toSeq < fromSeq) {
                throw new IllegalArgumentException("need 1 <= fromSeq <= toSeq: " + fromSeq + ", " + toSeq);
            }
        }

        /** How many elements it names. */
        public long count() {
            return toSeq - fromSeq + 1;
        }

        @Override
        public Routed on(Route route) {
            return new Undelivered(route, stream, epoch, fromSeq, toSeq, reason);
        }

        @Override
        public Kind kind() {
            return Kind.UNDELIVERED;
        }
    }

    /**
     * No site master found a way to {@code site}.
     *
     * @param route  from the site master that gave up to the origin of the failed envelope
     * @param site   the unreachable site
     * @param failed the target the origin addressed
     */
    record SiteUnreachable(Route route, String site, Destination failed) implements Routed {
        public SiteUnreachable {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(failed, "failed");
        }

        @Override
        public Routed on(Route route) {
            return new SiteUnreachable(route, site, failed);
        }

        @Override
        public Kind kind() {
            return Kind.SITE_UNREACHABLE;
        }
    }

    /**
     * The final site master did not find {@code member} in its view.
     *
     * @param route  from that site master to the origin
     * @param member the member that was addressed
     */
    record MemberUnreachable(Route route, UuidAddress member) implements Routed {
        public MemberUnreachable {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(member, "member");
        }

        @Override
        public Routed on(Route route) {
            return new MemberUnreachable(route, member);
        }

        @Override
        public Kind kind() {
            return Kind.MEMBER_UNREACHABLE;
        }
    }

    /**
     * A site's current view, flooded through the bridges.
     *
     * @param view    the site's view
     * @param visited sites it passed through, never revisited
     */
    record Topology(SiteView view, List<String> visited) implements Envelope {
        public Topology {
            Objects.requireNonNull(view, "view");
            visited = List.copyOf(visited);
        }

        @Override
        public Kind kind() {
            return Kind.TOPOLOGY;
        }
    }

    /**
     * {@code site} left every bridge its reporter is in.
     *
     * @param site    the site that went down
     * @param visited sites the report passed through
     */
    record SiteDown(String site, List<String> visited) implements Envelope {
        public SiteDown {
            Objects.requireNonNull(site, "site");
            visited = List.copyOf(visited);
        }

        @Override
        public Kind kind() {
            return Kind.SITE_DOWN;
        }
    }

    /**
     * A member tells its site master where it is reached and asks for the topology.
     *
     * @param member   the member
     * @param physical its physical address, {@code host:port}
     */
    record Hello(UuidAddress member, String physical) implements Envelope {
        public Hello {
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(physical, "physical");
        }

        @Override
        public Kind kind() {
            return Kind.HELLO;
        }
    }

    /**
     * A site's certificate chain, flooded through the bridges like a site's view and handed by site masters to
     * their members: what the others need to seal payloads to that site and open its payloads. Trusted for
     * what it is (it must chain to the deployment's CA and name its site), not for who passed it on.
     *
     * @param site    the site the certificate names
     * @param chain   the site's certificate first, then intermediates, in DER; bounded on the wire
     * @param visited sites it passed through, never revisited
     */
    record SiteCertificate(String site, List<byte[]> chain, List<String> visited) implements Envelope {
        public SiteCertificate {
            Objects.requireNonNull(site, "site");
            chain = List.copyOf(chain);
            visited = List.copyOf(visited);
        }

        /** This certificate as {@code site} floods it on. */
        public SiteCertificate visiting(String visitor) {
            if (visited.contains(visitor)) {
                return this;
            }
            List<String> more = new ArrayList<>(visited);
            more.add(visitor);
            return new SiteCertificate(site, chain, more);
        }

        @Override
        public Kind kind() {
            return Kind.SITE_CERTIFICATE;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof SiteCertificate c) || !site.equals(c.site) || !visited.equals(c.visited)
                    || chain.size() != c.chain.size()) {
                return false;
            }
            for (int i = 0; i < chain.size(); i++) {
                if (!Arrays.equals(chain.get(i), c.chain.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int hash = Objects.hash(site, visited);
            for (byte[] der : chain) {
                hash = 31 * hash + Arrays.hashCode(der);
            }
            return hash;
        }

        @Override
        public String toString() {
            return "SiteCertificate[site=" + site + ", " + chain.size() + " certificates, visited=" + visited + "]";
        }
    }
}
