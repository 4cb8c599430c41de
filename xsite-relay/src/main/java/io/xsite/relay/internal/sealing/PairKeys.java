package io.xsite.relay.internal.sealing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import javax.crypto.KeyAgreement;

/**
 * The keys two sites share, and nobody else can compute: a pair secret from static-static ECDH between
 * one site's private key and the other's certificate key, and from it one AES-256 key per sender and key
 * id. Pure functions; the callers cache what they derive.
 *
 * <pre>
 * pair secret = HKDF-SHA256(salt = "xsite pair v1", ECDH(own private, peer public),
 *                           info = len(site1) | site1 | len(site2) | site2)   (sites sorted)
 * sender key  = HKDF-Expand(pair secret, "xsite seal v1" | len(sender site) | sender site | key id, 32)
 * </pre>
 * The sender's site is in the key's info so that the two directions of a pair never share a key, even if
 * two senders drew the same key id.
 */
final class PairKeys {
    /** Bytes of a pair secret and of an AES-256 key. */
    static final int KEY_BYTES = 32;
    private static final byte[] PAIR_SALT = "xsite pair v1".getBytes(UTF_8);
    private static final byte[] SENDER_LABEL = "xsite seal v1".getBytes(UTF_8);

    private PairKeys() {
    }

    /** The secret {@code ownSite} and {@code peerSite} share; either side computes the same bytes. */
    static byte[] pairSecret(PrivateKey own, String ownSite, PublicKey peer, String peerSite) {
        byte[] shared;
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(own);
            agreement.doPhase(peer, true);
            shared = agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("no ECDH agreement between " + ownSite + " and " + peerSite + ": "
                    + e.getMessage(), e);
        }
        boolean ownFirst = ownSite.compareTo(peerSite) <= 0;
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        writeName(ownFirst ? ownSite : peerSite, info);
        writeName(ownFirst ? peerSite : ownSite, info);
        return Hkdf.expand(Hkdf.extract(PAIR_SALT, shared), info.toByteArray(), KEY_BYTES);
    }

    /** The AES-256 key of {@code senderSite}'s sender that chose {@code keyId}, under {@code pairSecret}. */
    static byte[] senderKey(byte[] pairSecret, String senderSite, byte[] keyId, int keyIdOffset) {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(SENDER_LABEL);
        writeName(senderSite, info);
        info.write(keyId, keyIdOffset, SealedPayloadFormat.KEY_ID_BYTES);
        return Hkdf.expand(pairSecret, info.toByteArray(), KEY_BYTES);
    }

    /** A length-prefixed name, so that no two pairs of names give the same info. */
    private static void writeName(String name, ByteArrayOutputStream out) {
        byte[] bytes = name.getBytes(UTF_8);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }
}
