package io.xsite.client;

/** Whether an operation may be sent again after the site it was sent to failed before answering. */
public enum Retry {
    /** Applying it twice leaves what applying it once does ({@code GET}, {@code SET}, {@code DEL}): sent again. */
    IDEMPOTENT,
    /**
     * Applying it twice differs ({@code INCR}, {@code APPEND}): sent again only when it was never sent or the site
     * answered that it did not apply it ({@code CLUSTERDOWN}); otherwise it fails with
     * {@link OutcomeUnknownException}.
     */
    AT_MOST_ONCE
}
