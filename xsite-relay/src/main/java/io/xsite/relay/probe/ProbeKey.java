package io.xsite.relay.probe;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a probe may ask a member for besides its header; each key adds one {@code key=value} entry. A request
 * carries the keys as a mask of their explicit bit numbers ({@link ProbeCodec}), never of their ordinals.
 */
public enum ProbeKey {
    /** The member's local view: id, size and members, oldest first. */
    VIEW(0),
    /** The xsite version and the Java runtime. */
    VERSION(1),
    /** The member's Prometheus samples (the member's and the relay's meters). */
    METRICS(2),
    /** The relay topology as the member sees it: every site that is up, its members and site masters. */
    TOPOLOGY(3);

    private final int bitNumber;

    ProbeKey(int bitNumber) {
        this.bitNumber = bitNumber;
    }

    /** The key as users write it: {@code view}, {@code version}, {@code metrics}, {@code topology}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The key named {@code text} (case-insensitive). */
    public static ProbeKey parse(String text) {
        for (ProbeKey key : values()) {
            if (key.text().equalsIgnoreCase(text.trim())) {
                return key;
            }
        }
        throw new IllegalArgumentException("unknown probe key '" + text + "'; keys are " + names());
    }

    /** Every key as users write it, comma-separated, for messages and help. */
    public static String names() {
        return Arrays.stream(values()).map(ProbeKey::text).collect(Collectors.joining(", "));
    }

    /** This key's bit in the request's key mask. */
    int bit() {
        return 1 << bitNumber;
    }
}
