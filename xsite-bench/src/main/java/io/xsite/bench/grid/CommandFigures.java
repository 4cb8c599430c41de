package io.xsite.bench.grid;

/**
 * What {@code redis-benchmark} measured for one command against one system at one pipeline depth.
 *
 * @param system   {@code redis-server} or {@code xsite}
 * @param pipeline requests each client has in flight ({@code -P})
 * @param test     the test as redis-benchmark names it: {@code SET}, {@code GET}, {@code INCR}, {@code MSET (10 keys)}
 * @param rps      requests per second (an MSET of 10 keys is one request)
 * @param p50Ms    median latency in milliseconds
 * @param p99Ms    99th percentile latency in milliseconds
 */
record CommandFigures(String system, int pipeline, String test, double rps, double p50Ms, double p99Ms) {
    CommandFigures {
        if (rps <= 0 || p50Ms < 0 || p99Ms < 0) {
            throw new IllegalArgumentException("implausible figures for " + system + " " + test + ": " + rps
                    + " rps, p50 " + p50Ms + " ms, p99 " + p99Ms + " ms");
        }
    }

    /** Pools two rounds of the same system, pipeline and test: the mean of each figure (rounds run equally long). */
    CommandFigures plus(CommandFigures other) {
        return new CommandFigures(system, pipeline, test, (rps + other.rps) / 2, (p50Ms + other.p50Ms) / 2,
                (p99Ms + other.p99Ms) / 2);
    }
}
