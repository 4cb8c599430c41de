package io.xsite.core.membership;

import io.xsite.wire.address.UuidAddress;
import java.util.Comparator;
import java.util.Objects;

/**
 * The total order of member addresses that every member computes alike: the 128 bits compared
 * unsigned, then the printed form for addresses that share their bits. It decides who becomes
 * coordinator when nobody is in a view yet, which coordinator leads a merge, and breaks ties
 * between view ids of the same sequence.
 */
public final class MemberOrder {
    /** Smallest first. */
    public static final Comparator<UuidAddress> ORDER = Comparator
            .comparing(UuidAddress::msb, Long::compareUnsigned)
            .thenComparing(UuidAddress::lsb, Long::compareUnsigned)
            .thenComparing(a -> Objects.toString(a));

    private MemberOrder() {
    }
}
