package io.xsite.wire.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class WireCodesTest {
    /** Codes out of declaration order and with a gap, as a wire enum may have after constants were added. */
    enum Colour implements WireCoded {
        RED(7), GREEN(2), BLUE(3);

        private final int code;

        Colour(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    enum Twins implements WireCoded {
        ONE, TWO;

        @Override
        public int code() {
            return 5;
        }
    }

    enum TooLarge implements WireCoded {
        BIG;

        @Override
        public int code() {
            return 256;
        }
    }

    private static final WireCodes<Colour> COLOURS = WireCodes.of(Colour.class, "colour");

    @Test
    void everyConstantIsFoundByItsCodeNotItsOrdinal() {
        for (Colour colour : Colour.values()) {
            assertThat(COLOURS.decode(colour.code())).isSameAs(colour);
        }
        assertThat(COLOURS.decode(2)).isSameAs(Colour.GREEN);
    }

    @Property(tries = 300)
    void aCodeNoConstantHasIsMalformedAndNamesTheField(@ForAll int code) {
        if (code == 7 || code == 2 || code == 3) {
            return;
        }
        assertThatThrownBy(() -> COLOURS.decode(code)).isInstanceOf(MalformedFrameException.class)
                .hasMessage("malformed colour: " + code);
    }

    @Test
    void twoConstantsWithOneCodeAreRefused() {
        assertThatThrownBy(() -> WireCodes.of(Twins.class, "twins")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("share wire code 5");
    }

    @Test
    void aCodeBeyondOneByteIsRefused() {
        assertThatThrownBy(() -> WireCodes.of(TooLarge.class, "too large"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside 0..255");
    }
}
