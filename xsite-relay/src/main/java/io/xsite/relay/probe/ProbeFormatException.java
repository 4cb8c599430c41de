package io.xsite.relay.probe;

/** Probe bytes that are not a request or answer this version can read; the message says what is wrong. */
public final class ProbeFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    ProbeFormatException(String message) {
        super(message);
    }

    ProbeFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
