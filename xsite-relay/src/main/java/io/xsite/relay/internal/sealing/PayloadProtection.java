package io.xsite.relay.internal.sealing;

import io.netty.buffer.ByteBuf;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.relay.internal.reliability.Body;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.internal.routing.AppPayload;
import io.xsite.relay.internal.routing.EncodedEnvelope;
import io.xsite.relay.internal.routing.Envelope;
import io.xsite.relay.internal.routing.RelayCodec;
import io.xsite.relay.sealing.SiteSealingKeys;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a relay node does to the payloads it exchanges with other sites: seal them end to end
 * ({@link SealedPayloads}, when the node has {@link SiteSealingKeys}) or send them in clear
 * ({@link #cleartext()}: insecure mode, tests, JGroups interop). Confined to the node's relay thread.
 */
public interface PayloadProtection {

    /** Whether a payload to {@code site} can leave now; when not, the send waits (it never leaves in clear). */
    boolean canSealFor(String site);

    /**
     * The form in which an element leaves, given its position in its stream (part of what a seal
     * authenticates); {@code body} itself when payloads travel in clear.
     *
     * @throws IllegalStateException if {@link #canSealFor} is false for the destination's site
     */
    Body seal(UuidAddress origin, Destination to, long epoch, long seq, Body body);

    /**
     * The form in which elements leave their origin, built there ({@link AppPayload} bodies), with its bytes:
     * in clear, {@code elements} itself; sealed, a DATA envelope with its body sealed, or a batch sealed as one.
     *
     * @throws IllegalStateException if {@link #canSealFor} is false for the destination's site
     */
    EncodedEnvelope seal(Envelope.Streamed elements);

    /**
     * Decodes an envelope as it arrived (the readable bytes of {@code encoded}, borrowed). In clear, the bodies
     * of DATA and BATCH envelopes are read as their payloads at once ({@link RelayCodec#decodeReceived});
     * sealed, every body stays bytes to be opened: a payload body counts as built in this process, so one that
     * arrived in clear must never become one here.
     *
     * @throws MalformedFrameException if the envelope is malformed
     */
    Envelope decodeReceived(ByteBuf encoded);

    /**
     * {@code data} as it arrived from another site, with a body the application can read; null when it is
     * refused (counted and logged): it is never delivered.
     */
    Envelope.Data open(Envelope.Data data);

    /**
     * The elements of a batch sealed as one ({@link #seal(Envelope.Streamed)}), opened, with bodies the application
     * can read; null when it is refused (counted and logged).
     *
     * @throws MalformedFrameException when this node seals nothing: a sealed batch cannot be read in clear
     */
    Envelope.Batch open(Envelope.SealedBatch batch);

    /**
     * Takes another site's certificate: true when it is new and verified (hand it on, and sends waiting for
     * its site may go); false when known already, ignored, or refused (counted and logged).
     */
    boolean learn(Envelope.SiteCertificate certificate);

    /** The certificates to tell a member or another site about: this site's first, then the verified ones. */
    List<Envelope.SiteCertificate> certificates();

    /**
     * Takes this site's renewed certificate and key (its TLS files were rotated): payloads leave sealed under
     * the new pair keys from now on, and those already sealed for this node under the old ones still open.
     * True when they replaced the old ones (announce the new certificate), false when nothing changed.
     */
    boolean renew(SiteSealingKeys keys);

    /** Payloads in clear, as before sealing existed, encoded by {@code codec} (the node's). */
    static PayloadProtection cleartext(RelayCodec codec) {
        return new Cleartext(codec);
    }

    /**
     * Payloads sealed with {@code keys}.
     *
     * @param codec    the node's codec, which writes the envelopes they leave in
     * @param logName  site/member, for log lines
     * @param failures counts each refusal
     */
    static PayloadProtection sealed(SiteSealingKeys keys, RelayCodec codec, String logName,
                                    Consumer<SealingFailure> failures) {
        return new SealedPayloads(keys, codec, logName, failures);
    }

    /** Nothing sealed, nothing opened: the payload's own wire form travels, and certificates are ignored. */
    final class Cleartext implements PayloadProtection {
        private final RelayCodec codec;

        private Cleartext(RelayCodec codec) {
            this.codec = codec;
        }

        @Override
        public boolean canSealFor(String site) {
            return true;
        }

        @Override
        public Body seal(UuidAddress origin, Destination to, long epoch, long seq, Body body) {
            return body;
        }

        @Override
        public EncodedEnvelope seal(Envelope.Streamed elements) {
            return EncodedEnvelope.of(elements, codec);
        }

        @Override
        public Envelope decodeReceived(ByteBuf encoded) {
            return codec.decodeReceived(encoded);
        }

        @Override
        public Envelope.Data open(Envelope.Data data) {
            return data;
        }

        @Override
        public Envelope.Batch open(Envelope.SealedBatch batch) {
            throw new MalformedFrameException("a sealed batch, and this node has no sealing keys");
        }

        @Override
        public boolean learn(Envelope.SiteCertificate certificate) {
            return false;
        }

        @Override
        public List<Envelope.SiteCertificate> certificates() {
            return List.of();
        }

        @Override
        public boolean renew(SiteSealingKeys keys) {
            return false;
        }
    }
}
