package io.xsite.net.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rate limit's bucket on a clock the test moves. */
class TokenBucketTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final TokenBucket bucket = new TokenBucket(new RateLimit(5, 10), now::get);

    @Test
    void aFullBucketServesItsBurstThenSaysWhenTheNextPermitComes() {
        for (int i = 0; i < 10; i++) {
            assertThat(bucket.tryAcquire()).as("request %d of the burst", i).isEmpty();
        }

        assertThat(bucket.tryAcquire()).hasValue(Duration.ofMillis(200));
    }

    @Test
    void permitsComeBackAtTheRateUpToTheBurst() {
        for (int i = 0; i < 10; i++) {
            bucket.tryAcquire();
        }

        now.addAndGet(Duration.ofMillis(400).toNanos());
        assertThat(bucket.tryAcquire()).isEmpty();
        assertThat(bucket.tryAcquire()).isEmpty();
        assertThat(bucket.tryAcquire()).isPresent();

        now.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < 10; i++) {
            assertThat(bucket.tryAcquire()).as("request %d after an hour's quiet", i).isEmpty();
        }
        assertThat(bucket.tryAcquire()).as("never more than the burst").isPresent();
    }
}
