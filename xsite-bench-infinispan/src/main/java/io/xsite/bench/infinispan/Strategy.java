package io.xsite.bench.infinispan;

import java.util.Locale;

/** How nyc's writes are backed up to sfc, and the RESP database whose cache is backed up that way. */
enum Strategy {
    SYNC(0), ASYNC(1);

    private final int database;

    Strategy(int database) {
        this.database = database;
    }

    int database() {
        return database;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
