package io.xsite.client;

/** Why the {@link FailoverClient} moved to another site. */
public enum SwitchReason {
    /** The site in use failed: every endpoint lost or refused, timed out, or answered that it cannot write. */
    FAILOVER,
    /** Home answered, accepted a write and its {@link HomeReadiness} said it has caught up. */
    FAIL_BACK,
    /** {@link FailoverClient#switchTo} asked for it. */
    MANUAL
}
