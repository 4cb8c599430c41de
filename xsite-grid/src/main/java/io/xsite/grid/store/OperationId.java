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
}
