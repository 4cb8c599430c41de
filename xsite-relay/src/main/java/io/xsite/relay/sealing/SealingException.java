package io.xsite.relay.sealing;

/** A payload or certificate that cannot be trusted: it does not open, verify or parse. */
public final class SealingException extends RuntimeException {
    /** @param reason what is wrong, for the log */
    public SealingException(String reason) {
        super(reason, null, false, false);
    }
}
