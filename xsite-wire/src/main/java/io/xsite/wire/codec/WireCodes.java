package io.xsite.wire.codec;

import java.util.Arrays;

/**
 * The constants of one {@link WireCoded} enum by wire code: a decoder's lookup that rejects codes no constant
 * has. Built once per enum (a static final of the enum itself) and never changed afterwards, so it is shared
 * state only in the sense that the enum's constants are.
 *
 * <pre>{@code
 * private static final WireCodes<Role> CODES = WireCodes.of(Role.class, "hello role");
 * Role role = CODES.decode(in.readUnsignedByte());
 * }</pre>
 *
 * @param <E> the enum
 */
public final class WireCodes<E extends Enum<E> & WireCoded> {
    private static final int MAX_CODE = 0xFF;

    private final String field;
    private final E[] byCode;

    private WireCodes(String field, E[] byCode) {
        this.field = field;
        this.byCode = byCode;
    }

    /**
     * The lookup of {@code type}'s constants; {@code field} names the field in errors.
     *
     * @throws IllegalArgumentException if a code is outside {@code 0..255} or two constants share one
     */
    public static <E extends Enum<E> & WireCoded> WireCodes<E> of(Class<E> type, String field) {
        E[] constants = type.getEnumConstants();
        for (E constant : constants) {
            if (constant.code() < 0 || constant.code() > MAX_CODE) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + constant + ": wire code "
                        + constant.code() + " outside 0.." + MAX_CODE);
            }
        }
        int highest = Arrays.stream(constants).mapToInt(WireCoded::code).max().orElse(-1);
        E[] byCode = Arrays.copyOf(constants, highest + 1);
        Arrays.fill(byCode, null);
        for (E constant : constants) {
            int code = constant.code();
            if (byCode[code] != null) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + constant + " and " + byCode[code]
                        + " share wire code " + code);
            }
            byCode[code] = constant;
        }
        return new WireCodes<>(field, byCode);
    }

    /**
     * The constant whose code is {@code code}.
     *
     * @throws MalformedFrameException if no constant has it
     */
    public E decode(int code) {
        E constant = code >= 0 && code < byCode.length ? byCode[code] : null;
        if (constant == null) {
            throw new MalformedFrameException(field, code);
        }
        return constant;
    }
}
