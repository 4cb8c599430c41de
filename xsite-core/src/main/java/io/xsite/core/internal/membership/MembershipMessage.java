package io.xsite.core.internal.membership;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import io.xsite.core.membership.ViewId;
import java.util.Objects;

/**
 * The messages members exchange about membership. Each knows its frame type byte (range
 * {@code 0x01-0x1F}, see {@link io.xsite.core.frame.FrameEnvelope}); {@link MembershipCodec} writes
 * and reads the body after the envelope. The sender is the envelope's, so no message carries it.
 */
public sealed interface MembershipMessage {
    /** The frame type byte of this message. */
    int type();

    /**
     * "Who is your coordinator?": sent to discovery candidates by joiners and by coordinators.
     *
     * @param joining whether the sender is in no view: a member whose view still lists it knows that
     *                it left that view (it lost it or was excluded) and suspects it
     */
    record CoordinatorQuery(boolean joining) implements MembershipMessage {
        static final int TYPE = 0x01;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /**
     * The answer to a {@link CoordinatorQuery}.
     *
     * @param view the answering member's current view; {@code null} while it is not in one
     */
    record CoordinatorAnswer(View view) implements MembershipMessage {
        static final int TYPE = 0x02;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** Asks the coordinator to admit the sender into its view. */
    record JoinRequest() implements MembershipMessage {
        static final int TYPE = 0x03;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /**
     * The coordinator admitted the joiner: the first view that contains it. The joiner acknowledges
     * it with a {@link ViewAck} as any member acknowledges a {@link ViewAnnouncement}.
     *
     * @param view the view with the joiner in it
     */
    record JoinResponse(View view) implements MembershipMessage {
        static final int TYPE = 0x04;

        public JoinResponse {
            Objects.requireNonNull(view, "view");
        }

        @Override
        public int type() {
            return TYPE;
        }
    }

    /**
     * The receiver of a {@link JoinRequest} cannot admit the joiner: it is not a coordinator.
     *
     * @param coordinator the coordinator the receiver knows of, to try instead; {@code null} if none
     */
    record JoinRejection(UuidAddress coordinator) implements MembershipMessage {
        static final int TYPE = 0x05;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /**
     * A coordinator's new view, retransmitted until acknowledged; also sent once to members it
     * excludes, which learn from it that they are no longer members.
     *
     * @param view the new view
     */
    record ViewAnnouncement(View view) implements MembershipMessage {
        static final int TYPE = 0x06;

        public ViewAnnouncement {
            Objects.requireNonNull(view, "view");
        }

        @Override
        public int type() {
            return TYPE;
        }
    }

    /**
     * Acknowledges a {@link ViewAnnouncement} or {@link JoinResponse}, installed or not (an older view
     * than the receiver's is acknowledged too, so that the coordinator stops retransmitting it).
     *
     * @param viewId the id of the announced view
     */
    record ViewAck(ViewId viewId) implements MembershipMessage {
        static final int TYPE = 0x07;

        public ViewAck {
            Objects.requireNonNull(viewId, "viewId");
        }

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** Asks the coordinator to install a view without the sender; retransmitted until that view arrives. */
    record LeaveRequest() implements MembershipMessage {
        static final int TYPE = 0x08;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** "I am alive and consider you a member of my view." */
    record Heartbeat() implements MembershipMessage {
        static final int TYPE = 0x09;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** A direct check of a suspected member; answered only by a member whose view holds the sender. */
    record VerifyRequest() implements MembershipMessage {
        static final int TYPE = 0x0A;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** The answer to a {@link VerifyRequest}: the suspicion was wrong. */
    record VerifyResponse() implements MembershipMessage {
        static final int TYPE = 0x0B;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /**
     * A coordinator asks another coordinator for its view to merge both into one; the receiver holds
     * back new views of its own until the merged view arrives or the merge times out.
     *
     * @param leaderView the id of the merge leader's current view
     */
    record MergeRequest(ViewId leaderView) implements MembershipMessage {
        static final int TYPE = 0x0C;

        public MergeRequest {
            Objects.requireNonNull(leaderView, "leaderView");
        }

        @Override
        public int type() {
            return TYPE;
        }
    }

    /**
     * The answer to a {@link MergeRequest}.
     *
     * @param view the receiver's view to merge; {@code null} when it refuses (not a coordinator, busy
     *             installing a view or merging with another leader)
     */
    record MergeResponse(View view) implements MembershipMessage {
        static final int TYPE = 0x0D;

        @Override
        public int type() {
            return TYPE;
        }
    }
}
