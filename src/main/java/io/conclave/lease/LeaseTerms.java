package io.conclave.lease;

import java.time.Duration;

/**
 * How long a lease lasts and how the two sides of it read their clocks. Each peer has only its own monotonic
 * clock, whose rate may differ from true time by at most {@link #DRIFT}: the holder counts its lease as
 * {@code duration·(1−DRIFT)} from the moment it <em>sent</em> the request that a majority granted, and every
 * member that granted it promises {@code duration·(1+DRIFT)} from the moment it <em>received</em> it. The
 * member's promise therefore always outlasts the holder's lease in true time, whatever the delays in between.
 *
 * @param duration   the lease
 * @param renewEvery how often the holder asks again; several renewals fit in one lease, so a lost message or
 *                   two cost nothing
 */
public record LeaseTerms(Duration duration, Duration renewEvery) {

    /** The clock drift allowed, as a fraction: generous for quartz clocks (typically 1e-5 to 1e-4). */
    public static final double DRIFT = 0.01;

    public LeaseTerms {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the lease must be positive, but is " + duration.toMillis() + " ms");
        }
        if (renewEvery.isNegative() || renewEvery.isZero() || renewEvery.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("the lease renewal interval must be positive and shorter than the lease ("
                    + duration.toMillis() + " ms), but is " + renewEvery.toMillis() + " ms");
        }
    }

    /** A lease of {@code duration}, renewed five times in it. */
    public static LeaseTerms of(Duration duration) {
        return new LeaseTerms(duration, duration.dividedBy(5));
    }

    /** How long the holder may count on a grant, from the send time of the request. */
    public long holderNanos() {
        return (long) (duration.toNanos() * (1 - DRIFT));
    }

    /** How long a member keeps its promise, from the receive time of the request. */
    public long promiseNanos() {
        return (long) (duration.toNanos() * (1 + DRIFT));
    }

    /** "1.5 s", for messages. */
    public String describe() {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }
}
