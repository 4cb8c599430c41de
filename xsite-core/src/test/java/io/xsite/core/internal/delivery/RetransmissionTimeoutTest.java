package io.xsite.core.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetransmissionTimeoutTest {
    private static final long MIN = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long MAX = TimeUnit.SECONDS.toNanos(2);

    @Test
    void startsAtTheMinimumAndDoublesUpToTheMaximumWithoutProgress() {
        RetransmissionTimeout timeout = new RetransmissionTimeout(MIN, MAX);
        assertThat(timeout.nanos()).isEqualTo(MIN);
        timeout.onTimeout();
        assertThat(timeout.nanos()).isEqualTo(2 * MIN);
        for (int i = 0; i < 10; i++) {
            timeout.onTimeout();
        }
        assertThat(timeout.nanos()).isEqualTo(MAX);
    }

    @Test
    void followsSlowAcknowledgementsSoThatTheyAreNotMistakenForLoss() {
        RetransmissionTimeout timeout = new RetransmissionTimeout(MIN, MAX);
        long wait = TimeUnit.MILLISECONDS.toNanos(300);
        for (int i = 0; i < 20; i++) {
            timeout.onProgress(wait);
        }
        // A steady 300 ms wait: the timeout sits above it (the variation decays towards zero).
        assertThat(timeout.nanos()).isGreaterThan(wait).isLessThan(wait + TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void fastAcknowledgementsNeverTakeItBelowTheMinimum() {
        RetransmissionTimeout timeout = new RetransmissionTimeout(MIN, MAX);
        timeout.onProgress(TimeUnit.MICROSECONDS.toNanos(50));
        assertThat(timeout.nanos()).isEqualTo(MIN);
    }

    @Test
    void progressEndsTheBackoff() {
        RetransmissionTimeout timeout = new RetransmissionTimeout(MIN, MAX);
        timeout.onProgress(TimeUnit.MILLISECONDS.toNanos(250));
        long measured = timeout.nanos();
        timeout.onTimeout();
        timeout.onTimeout();
        assertThat(timeout.nanos()).isGreaterThan(measured);
        timeout.onProgress(-1);
        assertThat(timeout.nanos()).isEqualTo(measured);
    }
}
