package io.xsite.bench.infinispan;

/**
 * What a system lost when every nyc member was SIGKILLed under async load.
 *
 * @param system        xsite or infinispan
 * @param writers       writer threads of the load
 * @param putsPerSecond the load's rate before the kill
 * @param acknowledged  puts nyc acknowledged before it died
 * @param missing       acknowledged keys sfc does not hold once it settled
 */
record LossFigures(String system, int writers, double putsPerSecond, long acknowledged, long missing) {
    /** The missing keys as milliseconds of the load. */
    double missingMs() {
        return missing / putsPerSecond * 1000;
    }
}
