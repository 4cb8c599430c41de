package io.xsite.grid;

import java.util.Locale;

/**
 * What an operator does to a backup site of a cache (grid.md, "Offline and back", "State transfer"), on every
 * member of the local site at once.
 */
public enum BackupAction {
    /** Stop backing up to the site: sync writes no longer wait for it; changed keys are tracked up to a bound. */
    TAKE_OFFLINE,
    /** Back up to the site again: send it the tracked keys, or the whole cache if the tracking bound was passed. */
    BRING_ONLINE,
    /** Send the site the whole cache, deletes included, and back up to it from then on. */
    PUSH_STATE;

    /** The action's name in routes and commands: {@code take-offline}, {@code bring-online}, {@code push-state}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The action named {@code label}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static BackupAction parse(String label) {
        for (BackupAction action : values()) {
            if (action.label().equals(label)) {
                return action;
            }
        }
        throw new IllegalArgumentException("not a backup action (take-offline, bring-online, push-state): '"
                + label + "'");
    }
}
