package io.xsite.bench.infinispan;

/**
 * The async backup's lag under load ({@link LagProbe}).
 *
 * @param samples probes seen at sfc
 * @param p50Ms   median lag
 * @param p99Ms   99th percentile
 * @param maxMs   the longest
 * @param lost    probes not seen within the give-up time
 */
record LagFigures(long samples, double p50Ms, double p99Ms, double maxMs, long lost) {
}
