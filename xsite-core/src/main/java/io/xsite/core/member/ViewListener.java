package io.xsite.core.member;

import io.xsite.core.membership.View;

/** Hears every view a member installs, in order, on the member's application thread. */
@FunctionalInterface
public interface ViewListener {
    /** {@code view} was installed at this member. */
    void onView(View view);
}
