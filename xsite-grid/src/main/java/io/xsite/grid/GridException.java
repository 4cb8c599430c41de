package io.xsite.grid;

/** Why a grid operation failed; each reason maps to one RESP error and one HTTP status. */
public final class GridException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The reasons a client can act on. */
    public enum Reason {
        /** This side of a partition holds no majority of the last stable view: no writes (RESP CLUSTERDOWN, HTTP 503). */
        CLUSTER_DOWN,
        /** A segment's owners could not be reached in time (RESP TRYAGAIN, HTTP 503). */
        UNAVAILABLE,
        /** The value is not a decimal 64-bit integer (RESP ERR, HTTP 409). */
        NOT_AN_INTEGER,
        /** An increment would overflow 64 bits (RESP ERR, HTTP 409). */
        OVERFLOW,
        /** The request is too large or malformed (RESP ERR, HTTP 400). */
        BAD_REQUEST
    }

    private final Reason reason;

    /** A failure for {@code reason}, with a message for the client. */
    public GridException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why the operation failed. */
    public Reason reason() {
        return reason;
    }
}
