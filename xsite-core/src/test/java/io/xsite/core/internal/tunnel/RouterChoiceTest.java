package io.xsite.core.internal.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class RouterChoiceTest {
    private final RouterChoice choice = new RouterChoice();
    private final boolean[] up = {true, true, true};
    private final boolean[] writable = {true, true, true};

    private int pick(BitSet tried) {
        return choice.pick(3, tried, i -> up[i] && writable[i], i -> up[i]);
    }

    @Test
    void everyMessageGoesToTheFirstRouterWhileAllAreUp() {
        assertThat(pick(new BitSet())).isZero();
        assertThat(pick(new BitSet())).isZero();
    }

    @Test
    void aMessageWhoseWriteFailedTriesTheNextRouterInListOrder() {
        BitSet tried = new BitSet();
        tried.set(pick(tried));

        assertThat(pick(tried)).isEqualTo(1);
        tried.set(1);
        assertThat(pick(tried)).isEqualTo(2);
        tried.set(2);
        assertThat(pick(tried)).as("every router tried").isEqualTo(-1);
    }

    @Test
    void afterThePreferredRouterGoesDownTheNextStaysPreferredEvenWhenTheFirstReturns() {
        pick(new BitSet());
        up[0] = false;
        choice.onDown(0);

        assertThat(pick(new BitSet())).isEqualTo(1);
        up[0] = true;
        assertThat(pick(new BitSet())).as("sticky: no switch back that could reorder messages").isEqualTo(1);
    }

    @Test
    void aPreferredRouterAboveItsHighWaterMarkIsBypassedButStaysPreferred() {
        pick(new BitSet());
        writable[0] = false;

        assertThat(pick(new BitSet())).isEqualTo(1);
        writable[0] = true;
        assertThat(pick(new BitSet())).isZero();
    }

    @Test
    void noRouterUpMeansNoChoice() {
        up[0] = up[1] = up[2] = false;

        assertThat(pick(new BitSet())).isEqualTo(-1);
    }
}
