package io.xsite.wire.codec;

/**
 * A constant of an enum written to the wire: it is written as its explicit {@link #code()}, never as its
 * ordinal, so that reordering or adding constants cannot change the bytes. Decoders look codes up with
 * {@link WireCodes}.
 */
public interface WireCoded {
    /** The wire code, {@code 0..255}; distinct among the enum's constants. */
    int code();
}
