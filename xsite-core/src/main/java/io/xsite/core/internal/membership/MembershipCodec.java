package io.xsite.core.internal.membership;

import static io.xsite.wire.codec.WireStrings.requireReadable;

import io.netty.buffer.ByteBuf;
import io.xsite.wire.address.Address;
import io.xsite.wire.address.AddressCodec;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.core.internal.membership.MembershipMessage.CoordinatorAnswer;
import io.xsite.core.internal.membership.MembershipMessage.CoordinatorQuery;
import io.xsite.core.internal.membership.MembershipMessage.Heartbeat;
import io.xsite.core.internal.membership.MembershipMessage.JoinRejection;
import io.xsite.core.internal.membership.MembershipMessage.JoinRequest;
import io.xsite.core.internal.membership.MembershipMessage.JoinResponse;
import io.xsite.core.internal.membership.MembershipMessage.LeaveRequest;
import io.xsite.core.internal.membership.MembershipMessage.MergeRequest;
import io.xsite.core.internal.membership.MembershipMessage.MergeResponse;
import io.xsite.core.internal.membership.MembershipMessage.VerifyRequest;
import io.xsite.core.internal.membership.MembershipMessage.VerifyResponse;
import io.xsite.core.internal.membership.MembershipMessage.ViewAck;
import io.xsite.core.internal.membership.MembershipMessage.ViewAnnouncement;
import io.xsite.core.membership.View;
import io.xsite.core.membership.ViewId;
import java.util.ArrayList;
import java.util.List;

/**
 * The bodies of membership frames, after the {@link io.xsite.core.frame.FrameEnvelope} whose type
 * byte ({@link MembershipMessage#type()}) says which message follows.
 *
 * <pre>
 * JoinRequest, LeaveRequest, Heartbeat,
 * VerifyRequest, VerifyResponse                 (empty body)
 * CoordinatorQuery                              joining (1 byte: 0 or 1)
 * CoordinatorAnswer, MergeResponse               optional view
 * JoinResponse, ViewAnnouncement                 view
 * JoinRejection                                  address (AddressCodec, null allowed)
 * ViewAck, MergeRequest                          view id
 *
 * view id       = creator (AddressCodec, a UUID-family address) | sequence (8 bytes, 1..ViewId.MAX_RECEIVED_SEQUENCE)
 * view          = view id | count (4 bytes, 1..View.MAX_MEMBERS) | count member addresses
 * optional view = presence (1 byte: 0 absent, 1 present) | view if present
 * </pre>
 *
 * Decoding checks every count against the bytes left and the cap before allocating, and rejects
 * bytes left over after the body.
 */
public final class MembershipCodec {
    /** Smallest frame type of the membership family. */
    public static final int FIRST_TYPE = 0x01;
    /** Largest frame type of the membership family. */
    public static final int LAST_TYPE = 0x1F;

    private static final int SEQUENCE_BYTES = 8;
    private static final int COUNT_BYTES = 4;

    private MembershipCodec() {
    }

    /** Whether frames of {@code type} belong to this codec. */
    public static boolean isMembershipType(int type) {
        return type >= FIRST_TYPE && type <= LAST_TYPE;
    }

    /** Writes the body of {@code message}; the envelope carries its type. Borrows {@code out}. */
    public static void encode(MembershipMessage message, ByteBuf out) {
        if (message instanceof CoordinatorQuery m) {
            out.writeByte(m.joining() ? 1 : 0);
        } else if (message instanceof CoordinatorAnswer m) {
            writeOptionalView(m.view(), out);
        } else if (message instanceof MergeResponse m) {
            writeOptionalView(m.view(), out);
        } else if (message instanceof JoinResponse m) {
            writeView(m.view(), out);
        } else if (message instanceof ViewAnnouncement m) {
            writeView(m.view(), out);
        } else if (message instanceof JoinRejection m) {
            AddressCodec.encode(m.coordinator(), out);
        } else if (message instanceof ViewAck m) {
            writeViewId(m.viewId(), out);
        } else if (message instanceof MergeRequest m) {
            writeViewId(m.leaderView(), out);
        }
        // The other messages have empty bodies.
    }

    /** Bytes {@link #encode} writes for {@code message}. */
    public static int encodedSize(MembershipMessage message) {
        if (message instanceof CoordinatorQuery) {
            return 1;
        } else if (message instanceof CoordinatorAnswer m) {
            return optionalViewSize(m.view());
        } else if (message instanceof MergeResponse m) {
            return optionalViewSize(m.view());
        } else if (message instanceof JoinResponse m) {
            return viewSize(m.view());
        } else if (message instanceof ViewAnnouncement m) {
            return viewSize(m.view());
        } else if (message instanceof JoinRejection m) {
            return AddressCodec.encodedSize(m.coordinator());
        } else if (message instanceof ViewAck m) {
            return viewIdSize(m.viewId());
        } else if (message instanceof MergeRequest m) {
            return viewIdSize(m.leaderView());
        }
        return 0;
    }

    /**
     * Reads the body of a frame of {@code type}, which must fill {@code in} exactly; borrows {@code in}.
     *
     * @throws MalformedFrameException on an unknown type, a field out of bounds or bytes left over
     */
    public static MembershipMessage decode(int type, ByteBuf in) {
        MembershipMessage message = switch (type) {
            case CoordinatorQuery.TYPE -> new CoordinatorQuery(readBoolean(in, "joining"));
            case CoordinatorAnswer.TYPE -> new CoordinatorAnswer(readOptionalView(in));
            case JoinRequest.TYPE -> new JoinRequest();
            case JoinResponse.TYPE -> new JoinResponse(readView(in));
            case JoinRejection.TYPE -> new JoinRejection(readMember(in, true));
            case ViewAnnouncement.TYPE -> new ViewAnnouncement(readView(in));
            case ViewAck.TYPE -> new ViewAck(readViewId(in));
            case LeaveRequest.TYPE -> new LeaveRequest();
            case Heartbeat.TYPE -> new Heartbeat();
            case VerifyRequest.TYPE -> new VerifyRequest();
            case VerifyResponse.TYPE -> new VerifyResponse();
            case MergeRequest.TYPE -> new MergeRequest(readViewId(in));
            case MergeResponse.TYPE -> new MergeResponse(readOptionalView(in));
            default -> throw new MalformedFrameException("membership frame type", type);
        };
        if (in.isReadable()) {
            throw new MalformedFrameException("bytes after membership message " + type, in.readableBytes());
        }
        return message;
    }

    private static void writeViewId(ViewId id, ByteBuf out) {
        AddressCodec.encode(id.creator(), out);
        out.writeLong(id.sequence());
    }

    private static int viewIdSize(ViewId id) {
        return AddressCodec.encodedSize(id.creator()) + SEQUENCE_BYTES;
    }

    private static ViewId readViewId(ByteBuf in) {
        UuidAddress creator = readMember(in, false);
        requireReadable(in, SEQUENCE_BYTES, "view sequence");
        long sequence = in.readLong();
        if (sequence < 1 || sequence > ViewId.MAX_RECEIVED_SEQUENCE) {
            throw new MalformedFrameException("view sequence", sequence);
        }
        return new ViewId(creator, sequence);
    }

    private static void writeView(View view, ByteBuf out) {
        writeViewId(view.id(), out);
        out.writeInt(view.size());
        for (UuidAddress member : view.members()) {
            AddressCodec.encode(member, out);
        }
    }

    private static int viewSize(View view) {
        int size = viewIdSize(view.id()) + COUNT_BYTES;
        for (UuidAddress member : view.members()) {
            size += AddressCodec.encodedSize(member);
        }
        return size;
    }

    private static View readView(ByteBuf in) {
        ViewId id = readViewId(in);
        requireReadable(in, COUNT_BYTES, "view member count");
        int count = MalformedFrameException.checkCount("view member count", in.readInt(), View.MAX_MEMBERS,
                in.readableBytes());
        if (count == 0) {
            throw new MalformedFrameException("view member count", 0);
        }
        List<UuidAddress> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            members.add(readMember(in, false));
        }
        try {
            return new View(id, members);
        } catch (IllegalArgumentException e) {
            // Duplicates: only the sender's bug or malice, never a view to install.
            throw new MalformedFrameException("view " + id + ": " + e.getMessage());
        }
    }

    private static void writeOptionalView(View view, ByteBuf out) {
        out.writeByte(view == null ? 0 : 1);
        if (view != null) {
            writeView(view, out);
        }
    }

    private static int optionalViewSize(View view) {
        return 1 + (view == null ? 0 : viewSize(view));
    }

    private static View readOptionalView(ByteBuf in) {
        requireReadable(in, 1, "view presence");
        int presence = in.readUnsignedByte();
        return switch (presence) {
            case 0 -> null;
            case 1 -> readView(in);
            default -> throw new MalformedFrameException("view presence", presence);
        };
    }

    private static boolean readBoolean(ByteBuf in, String field) {
        requireReadable(in, 1, field);
        int value = in.readUnsignedByte();
        if (value > 1) {
            throw new MalformedFrameException(field, value);
        }
        return value == 1;
    }

    private static UuidAddress readMember(ByteBuf in, boolean nullable) {
        Address address = AddressCodec.decode(in);
        if (address == null && nullable) {
            return null;
        }
        if (address instanceof UuidAddress member && member.kind() != UuidAddress.Kind.SITE_MASTER) {
            return member;
        }
        throw new MalformedFrameException("not a member address: " + address);
    }
}
