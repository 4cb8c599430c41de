package io.xsite.bench.infinispan;

import java.util.Optional;

/**
 * One measured put load: a system, a backup strategy and a value size.
 *
 * @param system     xsite or infinispan
 * @param strategy   how nyc backs up to sfc
 * @param valueBytes the size of each value
 * @param writers    writer threads, one put in flight each
 * @param seconds    how long the load ran
 * @param puts       acknowledged puts
 * @param errors     puts answered with an error
 * @param p50Ms      median put latency
 * @param p99Ms      99th percentile
 * @param lag        the async lag measured during the load; empty for sync
 */
record PutFigures(String system, Strategy strategy, int valueBytes, int writers, double seconds, long puts,
                  long errors, double p50Ms, double p99Ms, Optional<LagFigures> lag) {
    double putsPerSecond() {
        return puts / seconds;
    }
}
