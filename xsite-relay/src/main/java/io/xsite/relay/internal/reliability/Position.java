package io.xsite.relay.internal.reliability;

/**
 * What a receiver keeps of a stream it no longer keeps whole: enough to resume it exactly, so that nothing
 * is delivered twice and nothing after it is waited for in vain.
 *
 * @param epoch     the stream's current epoch; older ones of the same origin incarnation are stale
 * @param delivered the last element of {@code epoch} delivered in order
 * @param refused   whether {@code epoch} is refused (the receiver had forgotten it); then {@code delivered} is 0
 */
record Position(long epoch, long delivered, boolean refused) {
}
