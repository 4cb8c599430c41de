package io.xsite.relay.internal.sealing;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869): extract a pseudorandom key from input keying material, expand it per use. */
final class Hkdf {
    private static final String HMAC = "HmacSHA256";
    /** Bytes of an HMAC-SHA256 output. */
    static final int HASH_BYTES = 32;

    private Hkdf() {
    }

    /** RFC 5869 section 2.2: PRK = HMAC-Hash(salt, IKM). */
    static byte[] extract(byte[] salt, byte[] inputKeyMaterial) {
        Mac mac = mac(salt.length == 0 ? new byte[HASH_BYTES] : salt);
        return mac.doFinal(inputKeyMaterial);
    }

    /** RFC 5869 section 2.3: T(1) | T(2) | ... cut to {@code length} bytes, T(i) = HMAC(PRK, T(i-1) | info | i). */
    static byte[] expand(byte[] pseudorandomKey, byte[] info, int length) {
        if (length < 1 || length > 255 * HASH_BYTES) {
            throw new IllegalArgumentException("HKDF output of 1 to " + 255 * HASH_BYTES + " bytes: " + length);
        }
        Mac mac = mac(pseudorandomKey);
        byte[] out = new byte[length];
        byte[] previous = new byte[0];
        for (int i = 1, done = 0; done < length; i++) {
            mac.update(previous);
            mac.update(info);
            mac.update((byte) i);
            previous = mac.doFinal();
            int take = Math.min(previous.length, length - done);
            System.arraycopy(previous, 0, out, done, take);
            done += take;
        }
        return out;
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK lacks " + HMAC, e);
        }
    }
}
