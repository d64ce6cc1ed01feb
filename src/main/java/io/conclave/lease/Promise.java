package io.conclave.lease;

/**
 * What a member has granted: it will grant no other holder a lease until {@code untilNanos} on its own clock.
 *
 * @param holder     whom it granted
 * @param token      the fencing token of that leadership
 * @param untilNanos the end of the promise, on this member's monotonic clock
 */
public record Promise(Holder holder, long token, long untilNanos) {

    public boolean heldAt(long nowNanos) {
        return nowNanos - untilNanos < 0;
    }
}
