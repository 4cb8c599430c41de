package io.xsite.core.membership;

import io.xsite.wire.address.UuidAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The members of a site's cluster as one member sees them at one point: oldest first, so the
 * coordinator is the first member. Every member installs the same views in the same order.
 *
 * @param id      the view's identity
 * @param members the members, oldest first; non-empty, without duplicates
 */
public record View(ViewId id, List<UuidAddress> members) {
    /** Most members a view holds; also the cap the codec checks before allocating. */
    public static final int MAX_MEMBERS = 10_000;

    public View {
        Objects.requireNonNull(id, "id");
        members = List.copyOf(Objects.requireNonNull(members, "members"));
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a view has at least one member: " + id);
        }
        if (members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("too many members in view " + id + ": " + members.size());
        }
        if (new HashSet<>(members).size() != members.size()) {
            throw new IllegalArgumentException("duplicate members in view " + id + ": " + members);
        }
    }

    /** The oldest member, which coordinates joins, leaves, exclusions and merges. */
    public UuidAddress coordinator() {
        return members.get(0);
    }

    /** Whether {@code member} belongs to this view. */
    public boolean contains(UuidAddress member) {
        return members.contains(member);
    }

    /** Number of members. */
    public int size() {
        return members.size();
    }

    /** Members that joined and left since {@code previous}; everyone joined when it is {@code null}. */
    public ViewDiff diff(View previous) {
        if (previous == null) {
            return new ViewDiff(members, List.of());
        }
        Set<UuidAddress> before = new HashSet<>(previous.members);
        Set<UuidAddress> now = new HashSet<>(members);
        return new ViewDiff(
                members.stream().filter(m -> !before.contains(m)).toList(),
                previous.members.stream().filter(m -> !now.contains(m)).toList());
    }

    @Override
    public String toString() {
        return "view " + id + " " + members;
    }
}
