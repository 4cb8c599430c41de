package io.xsite.core.internal.tunnel;

import java.util.BitSet;
import java.util.function.IntPredicate;

/**
 * Which router a message goes through: the preferred one while it can take messages, else the first
 * untried one in list order that can, which then becomes preferred once the old preferred router is
 * down. Staying with a router (instead of going back to the first in the list when it returns) keeps
 * consecutive messages on one connection, hence in order. Routers are list indexes; confined to the
 * client's event loop like the rest of its state.
 */
final class RouterChoice {
    private int preferred = -1;

    /**
     * The router for the next attempt, or -1 when none is left.
     *
     * @param routers          how many routers there are
     * @param tried            routers this message already failed on
     * @param acceptsMessages  whether a router is up and below its write-buffer high-water mark
     * @param up               whether a router is up (an up router above its high-water mark stays preferred)
     */
    int pick(int routers, BitSet tried, IntPredicate acceptsMessages, IntPredicate up) {
        if (preferred >= 0 && !tried.get(preferred) && acceptsMessages.test(preferred)) {
            return preferred;
        }
        for (int i = 0; i < routers; i++) {
            if (!tried.get(i) && acceptsMessages.test(i)) {
                if (preferred < 0 || !up.test(preferred)) {
                    preferred = i;
                }
                return i;
            }
        }
        return -1;
    }

    /** Router {@code index} went down: it stops being preferred. */
    void onDown(int index) {
        if (preferred == index) {
            preferred = -1;
        }
    }
}
