package io.conclave.lease;

/** A member's answer to a lease request. */
public sealed interface Answer {

    /** The lease is granted; the member has made {@code promise}. */
    record Granted(Promise promise) implements Answer {
    }

    /** The member has promised another holder for {@code remainingNanos} more. */
    record Busy(Holder promisedTo, long remainingNanos) implements Answer {
    }

    /** The token is not above what the member already granted; ask again with a higher one. */
    record Stale(long highestGranted) implements Answer {
    }
}
