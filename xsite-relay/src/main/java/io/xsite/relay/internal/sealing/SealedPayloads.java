package io.xsite.relay.internal.sealing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.BadInputWarnings;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.relay.internal.reliability.Body;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.internal.routing.AppPayload;
import io.xsite.relay.internal.routing.EncodedBody;
import io.xsite.relay.internal.routing.EncodedEnvelope;
import io.xsite.relay.internal.routing.Envelope;
import io.xsite.relay.internal.routing.RelayCodec;
import io.xsite.relay.internal.routing.Route;
import io.xsite.relay.sealing.SealingException;
import io.xsite.relay.sealing.SiteCertificates;
import io.xsite.relay.sealing.SiteSealingKeys;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals the payloads a node sends to other sites and opens those it receives (AES-256-GCM, keys per pair of
 * sites, {@link PairKeys}), and keeps the other sites' verified certificates. Confined to the node's relay
 * thread: it owns one {@link Cipher} and its scratch buffers, reused for every payload.
 *
 * <p>Per destination site this node seals under a key of its own: derived from the pair secret and a random
 * key id drawn when the node first seals for that site, with a counter as nonce. A key id is never reused
 * across nodes or restarts (128 random bits), and a counter never repeats under one key, so no nonce does.
 * A receiver derives the key of a key id once and keeps up to {@value #MAX_RECEIVER_KEYS} of them; replays
 * are the end-to-end streams' business (the stream position is authenticated).
 */
final class SealedPayloads implements PayloadProtection {
    private static final Logger log = LoggerFactory.getLogger(SealedPayloads.class);
    private static final String AES = "AES";
    private static final int MAX_RECEIVER_KEYS = 1024;
    /** A plaintext scratch larger than this (a rare huge payload) is not kept. */
    private static final int MAX_KEPT_SCRATCH = 256 * 1024;

    private SiteSealingKeys keys;
    private final String site;
    private final RelayCodec codec;
    private final String logName;
    private final Consumer<SealingFailure> failures;
    private final BadInputWarnings warnings = new BadInputWarnings(log, Duration.ofSeconds(10));
    private final SecureRandom random = new SecureRandom();
    private Envelope.SiteCertificate own;
    private final Map<String, Peer> peers = new HashMap<>();
    private final Map<String, SenderKey> senders = new HashMap<>();
    private final Map<ReceiverKeyId, SecretKeySpec> receiverKeys =
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ReceiverKeyId, SecretKeySpec> eldest) {
                    return size() > MAX_RECEIVER_KEYS;
                }
            };
    private final Cipher cipher;
    private final ByteBuf associatedData = heapBuffer(256);
    private final ByteBuf payloadHeader = heapBuffer(64);
    /** The elements of a batch in clear, before they are sealed as one; grows to the largest batch (64 KiB). */
    private final ByteBuf batchPlaintext = heapBuffer(16 * 1024);
    private byte[] plaintext = new byte[16 * 1024];

    SealedPayloads(SiteSealingKeys keys, RelayCodec codec, String logName, Consumer<SealingFailure> failures) {
        this.keys = keys;
        this.site = keys.site();
        this.codec = codec;
        this.logName = logName;
        this.failures = failures;
        this.own = new Envelope.SiteCertificate(site, SiteCertificates.encoded(keys.chain()), List.of());
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES/GCM", e);
        }
    }

    @Override
    public boolean canSealFor(String destinationSite) {
        return peers.containsKey(destinationSite);
    }

    @Override
    public Body seal(UuidAddress origin, Destination to, long epoch, long seq, Body body) {
        byte[] sealed = new byte[sealedBytes((AppPayload) body)];
        sealInto(sealed, 0, origin, to, epoch, seq, (AppPayload) body);
        return new EncodedBody(sealed);
    }

    @Override
    public EncodedEnvelope seal(Envelope.Streamed elements) {
        // Sealed straight into the envelope's own bytes: the sealed body is not copied into an envelope after.
        if (elements instanceof Envelope.Data data) {
            // The origin's streams hold payloads as the application built them.
            AppPayload payload = (AppPayload) data.body();
            Envelope.Data sealed = codec.dataInPlace(data, sealedBytes(payload));
            EncodedBody into = (EncodedBody) sealed.body();
            sealInto(into.array(), into.offset(), data.route().origin(), data.route().to(), data.epoch(), data.seq(),
                    payload);
            return new EncodedEnvelope(sealed, Unpooled.wrappedBuffer(into.array()));
        }
        Route route = elements.route();
        List<Envelope.Data> parts = elements.parts();
        SenderKey sender = senderFor(Route.siteOf(route.to()));
        ByteBuf plain = batchPlaintext;
        try {
            RelayCodec.writeElements(parts, plain);
            Envelope.SealedBatch sealed = codec.sealedBatchInPlace(route, parts.size(),
                    SealedPayloadFormat.OVERHEAD + plain.readableBytes());
            EncodedBody into = (EncodedBody) sealed.sealed();
            startSeal(sender, into.array(), into.offset(), route.origin(), route.to(), SealedPayloadFormat.BATCH_EPOCH,
                    parts.size());
            cipher.doFinal(plain.array(), plain.arrayOffset() + plain.readerIndex(), plain.readableBytes(),
                    into.array(), into.offset() + SealedPayloadFormat.CIPHERTEXT_AT);
            return new EncodedEnvelope(sealed, Unpooled.wrappedBuffer(into.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(logName + " could not seal a batch to " + route.to(), e);
        } finally {
            plain.clear();
        }
    }

    /** Bytes of {@code payload} sealed. */
    private static int sealedBytes(AppPayload payload) {
        return SealedPayloadFormat.OVERHEAD + payload.length();
    }

    /** Seals {@code payload} at {@code seq} of the stream {@code origin}/{@code to}/{@code epoch} into {@code out} at {@code at}. */
    private void sealInto(byte[] out, int at, UuidAddress origin, Destination to, long epoch, long seq,
                          AppPayload payload) {
        SenderKey sender = senderFor(Route.siteOf(to));
        payloadHeader.clear();
        RelayCodec.writePayloadHeader(payload, payloadHeader);
        int headerBytes = payloadHeader.readableBytes();
        startSeal(sender, out, at, origin, to, epoch, seq);
        try {
            // The header and the application bytes go through the cipher in place: no plaintext copy.
            int written = cipher.update(payloadHeader.array(), payloadHeader.arrayOffset(), headerBytes, out,
                    at + SealedPayloadFormat.CIPHERTEXT_AT);
            cipher.doFinal(payload.bytes(), 0, payload.bytes().length, out,
                    at + SealedPayloadFormat.CIPHERTEXT_AT + written);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(logName + " could not seal a payload to " + to, e);
        }
    }

    /**
     * Writes the header of a sealed body into {@code out} at {@code at}, under {@code sender}'s key and next
     * counter, and initialises the cipher with the associated data of {@code origin}, {@code to}, {@code epoch}
     * and {@code seq}: what is left is to encrypt the plaintext at {@link SealedPayloadFormat#CIPHERTEXT_AT}.
     */
    private void startSeal(SenderKey sender, byte[] out, int at, UuidAddress origin, Destination to, long epoch,
                           long seq) {
        long counter = sender.next();
        out[at] = (byte) SealedPayloadFormat.VERSION;
        System.arraycopy(sender.keyId, 0, out, at + SealedPayloadFormat.KEY_ID_AT, SealedPayloadFormat.KEY_ID_BYTES);
        SealedPayloadFormat.writeLong(counter, out, at + SealedPayloadFormat.COUNTER_AT);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, sender.key, SealedPayloadFormat.nonce(counter));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(logName + " could not seal for " + to, e);
        }
        authenticate(origin, to, epoch, seq);
    }

    @Override
    public Envelope decodeReceived(ByteBuf encoded) {
        return codec.decode(ByteBufUtil.getBytes(encoded));
    }

    @Override
    public Envelope.Data open(Envelope.Data data) {
        if (data.body() instanceof AppPayload) {
            return data; // built in this process: it never crossed a wire
        }
        UuidAddress origin = data.route().origin();
        EncodedBody opened = decrypt(origin, data.route().to(), data.epoch(), data.seq(), (EncodedBody) data.body());
        if (opened == null) {
            return null;
        }
        AppPayload payload;
        try {
            payload = RelayCodec.decodePayload(opened);
        } catch (MalformedFrameException e) {
            return refuse(SealingFailure.MALFORMED, origin, "its content is malformed: " + e.getMessage());
        }
        return new Envelope.Data(data.route(), data.epoch(), data.seq(), data.lowestUnacked(), payload);
    }

    @Override
    public Envelope.Batch open(Envelope.SealedBatch batch) {
        Route route = batch.route();
        UuidAddress origin = route.origin();
        EncodedBody opened = decrypt(origin, route.to(), SealedPayloadFormat.BATCH_EPOCH, batch.count(),
                (EncodedBody) batch.sealed());
        if (opened == null) {
            return null;
        }
        List<Envelope.Data> parts = new ArrayList<>(batch.count());
        try {
            // Each payload is read out of the scratch plaintext, which the next opening reuses.
            for (Envelope.Data part : RelayCodec.readElements(route, batch.count(), opened.array(), 0, opened.length())) {
                parts.add(new Envelope.Data(route, part.epoch(), part.seq(), part.lowestUnacked(),
                        RelayCodec.decodePayload(part.body())));
            }
        } catch (MalformedFrameException e) {
            return refuse(SealingFailure.MALFORMED, origin, "its content is malformed: " + e.getMessage());
        }
        return new Envelope.Batch(route, parts);
    }

    /**
     * Opens {@code body}, sealed by {@code origin} with the associated data of {@code to}, {@code epoch} and
     * {@code seq}: its plaintext, in a scratch array that the next opening reuses; null when it is refused (counted
     * and logged).
     */
    private EncodedBody decrypt(UuidAddress origin, Destination to, long epoch, long seq, EncodedBody body) {
        byte[] bytes = body.array();
        int at = body.offset();
        if (body.length() < SealedPayloadFormat.OVERHEAD || bytes[at] != (byte) SealedPayloadFormat.VERSION) {
            boolean clear = body.length() > 0 && bytes[at] >= 0 && bytes[at] < AppPayload.Kind.values().length;
            return refuse(clear ? SealingFailure.UNSEALED : SealingFailure.MALFORMED, origin,
                    clear ? "a payload in clear" : "not a sealed payload");
        }
        Peer peer = peers.get(origin.site());
        if (peer == null) {
            return refuse(SealingFailure.NO_CERTIFICATE, origin, "no certificate of its site yet");
        }
        SecretKeySpec key = receiverKey(origin.site(), peer, bytes, at + SealedPayloadFormat.KEY_ID_AT);
        long counter = SealedPayloadFormat.readLong(bytes, at + SealedPayloadFormat.COUNTER_AT);
        int sealedBytes = body.length() - SealedPayloadFormat.CIPHERTEXT_AT;
        byte[] out = plaintextFor(sealedBytes - SealedPayloadFormat.TAG_BYTES);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, SealedPayloadFormat.nonce(counter));
            authenticate(origin, to, epoch, seq);
            return new EncodedBody(out, 0,
                    cipher.doFinal(bytes, at + SealedPayloadFormat.CIPHERTEXT_AT, sealedBytes, out, 0));
        } catch (AEADBadTagException e) {
            return refuse(SealingFailure.AUTHENTICATION, origin, "its tag does not match");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(logName + " could not open a payload from " + origin, e);
        }
    }

    @Override
    public boolean learn(Envelope.SiteCertificate certificate) {
        String peerSite = certificate.site();
        if (peerSite.equals(site)) {
            return false;
        }
        Peer known = peers.get(peerSite);
        if (known != null && known.sameChain(certificate.chain())) {
            return false;
        }
        List<X509Certificate> chain;
        try {
            chain = SiteCertificates.verify(peerSite, certificate.chain(), keys.ca());
        } catch (SealingException e) {
            failures.accept(SealingFailure.CERTIFICATE);
            warnings.report("certificate", "[{}] refused a certificate for site {}: {}", logName, peerSite,
                    e.getMessage());
            return false;
        }
        X509Certificate leaf = chain.get(0);
        if (known != null && !leaf.getNotBefore().after(known.leaf().getNotBefore())) {
            return false; // an older certificate of a site that renewed its own: keep the newer one
        }
        byte[] pairSecret = PairKeys.pairSecret(keys.privateKey(), site, leaf.getPublicKey(), peerSite);
        peers.put(peerSite, new Peer(leaf, new Envelope.SiteCertificate(peerSite, certificate.chain(), List.of()),
                pairSecret));
        senders.remove(peerSite);
        receiverKeys.keySet().removeIf(id -> id.site().equals(peerSite));
        log.info("[{}] payloads to and from site {} are sealed (certificate {}, valid until {})", logName, peerSite,
                leaf.getSubjectX500Principal(), leaf.getNotAfter().toInstant());
        return true;
    }

    @Override
    public boolean renew(SiteSealingKeys renewed) {
        if (!renewed.site().equals(site) || renewed.chain().equals(keys.chain())) {
            return false;
        }
        keys = renewed;
        own = new Envelope.SiteCertificate(site, SiteCertificates.encoded(renewed.chain()), List.of());
        peers.replaceAll((peerSite, peer) -> new Peer(peer.leaf(), peer.certificate(),
                PairKeys.pairSecret(renewed.privateKey(), site, peer.leaf().getPublicKey(), peerSite)));
        // New sender keys from the new pair secrets. The receiver keys derived so far stay: payloads the other
        // sites sealed before they learn the new certificate still open; later ones derive from the new secret.
        senders.clear();
        log.info("[{}] sealing with the renewed certificate of site {} (valid until {})", logName, site,
                renewed.chain().get(0).getNotAfter().toInstant());
        return true;
    }

    @Override
    public List<Envelope.SiteCertificate> certificates() {
        List<Envelope.SiteCertificate> all = new ArrayList<>(1 + peers.size());
        all.add(own);
        peers.values().forEach(peer -> all.add(peer.certificate()));
        return all;
    }

    private SenderKey senderFor(String destinationSite) {
        SenderKey sender = senders.get(destinationSite);
        if (sender == null || sender.exhausted()) {
            Peer peer = peers.get(destinationSite);
            if (peer == null) {
                throw new IllegalStateException(logName + " has no certificate of site " + destinationSite
                        + " to seal for; the send should have waited");
            }
            byte[] keyId = new byte[SealedPayloadFormat.KEY_ID_BYTES];
            random.nextBytes(keyId);
            byte[] key = PairKeys.senderKey(peer.pairSecret(), site, keyId, 0);
            sender = new SenderKey(keyId, new SecretKeySpec(key, AES));
            senders.put(destinationSite, sender);
        }
        return sender;
    }

    private SecretKeySpec receiverKey(String originSite, Peer peer, byte[] bytes, int keyIdAt) {
        ReceiverKeyId id = new ReceiverKeyId(originSite, SealedPayloadFormat.readLong(bytes, keyIdAt),
                SealedPayloadFormat.readLong(bytes, keyIdAt + Long.BYTES));
        SecretKeySpec key = receiverKeys.get(id);
        if (key == null) {
            key = new SecretKeySpec(PairKeys.senderKey(peer.pairSecret(), originSite, bytes, keyIdAt), AES);
            receiverKeys.put(id, key);
        }
        return key;
    }

    private void authenticate(UuidAddress origin, Destination to, long epoch, long seq) {
        associatedData.clear();
        SealedPayloadFormat.writeAssociatedData(origin, to, epoch, seq, associatedData);
        cipher.updateAAD(associatedData.array(), associatedData.arrayOffset(), associatedData.readableBytes());
    }

    private byte[] plaintextFor(int bytes) {
        if (bytes > plaintext.length) {
            if (bytes > MAX_KEPT_SCRATCH) {
                return new byte[bytes];
            }
            plaintext = new byte[Math.max(bytes, plaintext.length * 2)];
        }
        return plaintext;
    }

    private <T> T refuse(SealingFailure reason, UuidAddress origin, String why) {
        failures.accept(reason);
        warnings.report(reason.label, "[{}] dropped a payload from {}: {}", logName, origin, why);
        return null;
    }

    private static ByteBuf heapBuffer(int bytes) {
        return new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, bytes, Integer.MAX_VALUE);
    }

    /** Another site's verified certificate, and the secret this site shares with it. */
    private record Peer(X509Certificate leaf, Envelope.SiteCertificate certificate, byte[] pairSecret) {
        boolean sameChain(List<byte[]> chain) {
            List<byte[]> mine = certificate.chain();
            if (mine.size() != chain.size()) {
                return false;
            }
            for (int i = 0; i < mine.size(); i++) {
                if (!Arrays.equals(mine.get(i), chain.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A received key id, per origin site. */
    private record ReceiverKeyId(String site, long high, long low) {
    }

    /** This node's key towards one site: its id on the wire, and the counter that makes each nonce new. */
    private static final class SenderKey {
        final byte[] keyId;
        final SecretKeySpec key;
        private long counter;

        SenderKey(byte[] keyId, SecretKeySpec key) {
            this.keyId = keyId;
            this.key = key;
        }

        long next() {
            return counter++;
        }

        /** After 2^64 payloads a new key id is drawn rather than a nonce repeated. */
        boolean exhausted() {
            return counter == -1;
        }
    }
}
