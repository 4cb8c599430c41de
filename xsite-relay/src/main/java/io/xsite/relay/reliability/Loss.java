package io.xsite.relay.reliability;

/**
 * Why messages of a stream were not delivered, as their origin is told. Written on the wire by its
 * {@link #code}, when a receiver reports a loss to the origin.
 */
public enum Loss {
    /** The destination site went down before acknowledging them; they may have arrived, never twice. */
    SITE_DOWN(1),
    /** The destination member left its site's view before acknowledging them; they may have arrived, never twice. */
    MEMBER_UNREACHABLE(2),
    /**
     * A member of the destination site never received them: the site master that acknowledged them for the site
     * left before handing them on, or the member fell further behind than it may hold. Its site's other members
     * may have delivered them.
     */
    SKIPPED(3),
    /**
     * The receiver no longer knew the stream (it had forgotten more streams than it remembers) and refused it
     * rather than risk delivering an element twice; they may have arrived before it forgot, never twice.
     */
    FORGOTTEN(4);

    /** The wire code. */
    public final int code;

    Loss(int code) {
        this.code = code;
    }

    /** The reason with wire code {@code code}; null for an unknown code. */
    public static Loss ofCode(int code) {
        for (Loss loss : values()) {
            if (loss.code == code) {
                return loss;
            }
        }
        return null;
    }
}
