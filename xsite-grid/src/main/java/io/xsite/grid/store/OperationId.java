package io.xsite.grid.store;

/**
 * The identity of one client write, fixed by the member that accepted it: that member's address and a
 * counter. A write retried after its primary crashed keeps its id, so the new primary can tell that it
 * applied the write already (an increment then counts once).
 *
 * @param msb      the accepting member's UUID, upper half
 * @param lsb      the accepting member's UUID, lower half
 * @param sequence the accepting member's counter
 */
record OperationId(long msb, long lsb, long sequence) {

    // Written out rather than generated (a method handle chain per call): every write's id is looked up in a map at
    // its primary and stored there and at each backup (SegmentStore#rememberWrite), one per key of an MSET.
    @Override
    public boolean equals(Object o) {
        return o instanceof OperationId id && sequence == id.sequence && msb == id.msb && lsb == id.lsb;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sequence) * 31 + Long.hashCode(msb ^ lsb);
    }
}
