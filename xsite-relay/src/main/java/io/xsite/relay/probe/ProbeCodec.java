package io.xsite.relay.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Probe requests and answers as request and reply payloads. Both start with a magic and a version byte
 * so that a member tells a probe from the application's own requests by the first bytes alone.
 *
 * <pre>
 * request (6 bytes):              answer:
 * +---------+---------+------+    +---------+---------+--------------------------+
 * | "XSPQ"  | version | keys |    | "XSPA"  | version | ProbeAnswer as UTF-8 JSON |
 * | 4 bytes | 1 byte  | 1 B  |    | 4 bytes | 1 byte  | rest of the payload       |
 * +---------+---------+------+    +---------+---------+--------------------------+
 * keys: one bit per ProbeKey (bit 0 view, 1 version, 2 metrics, 3 topology); other bits are malformed
 * </pre>
 *
 * <p>Decoding checks every byte against this layout and never allocates more than the input's size; the
 * answer's JSON may carry fields this version does not know (a newer member), which are ignored.
 */
public final class ProbeCodec {
    /** Current version of both formats. */
    static final byte VERSION = 1;
    private static final byte[] REQUEST_MAGIC = {'X', 'S', 'P', 'Q'};
    private static final byte[] ANSWER_MAGIC = {'X', 'S', 'P', 'A'};
    private static final int PREFIX_BYTES = REQUEST_MAGIC.length + 1;
    private static final int REQUEST_BYTES = PREFIX_BYTES + 1;
    private static final int KNOWN_KEY_BITS = Arrays.stream(ProbeKey.values()).mapToInt(ProbeKey::bit)
            .reduce(0, (mask, bit) -> mask | bit);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    private ProbeCodec() {
    }

    /** Whether {@code payload} is meant for the probe: it starts with the request magic (valid or not). */
    public static boolean isRequest(byte[] payload) {
        return startsWith(payload, REQUEST_MAGIC);
    }

    /** The payload of {@code request}. */
    public static byte[] encodeRequest(ProbeRequest request) {
        int mask = 0;
        for (ProbeKey key : request.keys()) {
            mask |= key.bit();
        }
        byte[] bytes = Arrays.copyOf(REQUEST_MAGIC, REQUEST_BYTES);
        bytes[REQUEST_MAGIC.length] = VERSION;
        bytes[PREFIX_BYTES] = (byte) mask;
        return bytes;
    }

    /** The request in {@code payload}; borrows the array. */
    public static ProbeRequest decodeRequest(byte[] payload) throws ProbeFormatException {
        checkPrefix(payload, REQUEST_MAGIC, "request");
        if (payload.length != REQUEST_BYTES) {
            throw new ProbeFormatException("probe request of " + payload.length + " bytes, expected "
                    + REQUEST_BYTES);
        }
        int mask = payload[PREFIX_BYTES] & 0xFF;
        if ((mask & ~KNOWN_KEY_BITS) != 0) {
            throw new ProbeFormatException("probe request asks for unknown keys (mask 0x"
                    + Integer.toHexString(mask) + ")");
        }
        Set<ProbeKey> keys = EnumSet.noneOf(ProbeKey.class);
        for (ProbeKey key : ProbeKey.values()) {
            if ((mask & key.bit()) != 0) {
                keys.add(key);
            }
        }
        return new ProbeRequest(keys);
    }

    /** The payload of {@code answer}. */
    public static byte[] encodeAnswer(ProbeAnswer answer) {
        try {
            byte[] json = JSON.writeValueAsBytes(answer);
            byte[] bytes = Arrays.copyOf(ANSWER_MAGIC, PREFIX_BYTES + json.length);
            bytes[ANSWER_MAGIC.length] = VERSION;
            System.arraycopy(json, 0, bytes, PREFIX_BYTES, json.length);
            return bytes;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer in {@code payload}; borrows the array. */
    public static ProbeAnswer decodeAnswer(byte[] payload) throws ProbeFormatException {
        checkPrefix(payload, ANSWER_MAGIC, "answer");
        try {
            ProbeAnswer answer = JSON.readValue(payload, PREFIX_BYTES, payload.length - PREFIX_BYTES,
                    ProbeAnswer.class);
            if (answer == null) {
                throw new ProbeFormatException("probe answer without content");
            }
            return answer;
        } catch (IOException e) {
            // Jackson's message names the field and the position; its first line is enough.
            throw new ProbeFormatException("malformed probe answer: " + e.getMessage().lines().findFirst()
                    .orElse(e.getClass().getSimpleName()), e);
        }
    }

    private static void checkPrefix(byte[] payload, byte[] magic, String what) throws ProbeFormatException {
        if (!startsWith(payload, magic)) {
            throw new ProbeFormatException("not a probe " + what + " (" + payload.length + " bytes without the "
                    + new String(magic, java.nio.charset.StandardCharsets.US_ASCII) + " magic)");
        }
        if (payload.length < PREFIX_BYTES) {
            throw new ProbeFormatException("probe " + what + " cut off after the magic");
        }
        if (payload[magic.length] != VERSION) {
            throw new ProbeFormatException("probe " + what + " of version " + (payload[magic.length] & 0xFF)
                    + "; this member reads version " + VERSION);
        }
    }

    private static boolean startsWith(byte[] payload, byte[] magic) {
        return payload.length >= magic.length && Arrays.equals(payload, 0, magic.length, magic, 0, magic.length);
    }
}
