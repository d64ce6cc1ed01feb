package io.conclave.lease;

/**
 * The member's side of the lease, free of I/O and clocks (the time is an argument): it grants at most one
 * holder at a time, and each new leadership only with a token above every token it granted before. Because
 * any two majorities share a member, two holders can never both hold a majority's grant at once, and every
 * later leadership carries a higher token than every earlier one.
 */
public final class Grantor {

    private final LeaseTerms terms;
    private Promise promise;
    private long highestToken;
    private Holder highestHolder;

    /** @param highestToken the highest token granted before this process started (kept on disk) */
    public Grantor(LeaseTerms terms, long highestToken) {
        this.terms = terms;
        this.highestToken = highestToken;
    }

    /**
     * @param floor a token below which nothing is granted whatever was granted before (raft mode: the current
     *              term, so a deposed leader's stale term is refused)
     */
    public Answer answer(Holder from, long token, long floor, long nowNanos) {
        if (promise != null && promise.heldAt(nowNanos) && !promise.holder().equals(from)) {
            return new Answer.Busy(promise.holder(), promise.untilNanos() - nowNanos);
        }
        boolean renewal = token == highestToken && from.equals(highestHolder);
        if (!renewal && token <= highestToken || token < floor) {
            return new Answer.Stale(Math.max(highestToken, floor));
        }
        highestToken = token;
        highestHolder = from;
        promise = new Promise(from, token, nowNanos + terms.promiseNanos());
        return new Answer.Granted(promise);
    }

    /**
     * Ends the promise to {@code holder} early: only for proof that the holder's process has ended (it can no
     * longer act as leader), never for a mere loss of contact.
     */
    public void release(Holder holder) {
        if (promise != null && promise.holder().equals(holder)) {
            promise = null;
        }
    }

    /** The promise in force at {@code nowNanos}, or null. */
    public Promise promise(long nowNanos) {
        return promise != null && promise.heldAt(nowNanos) ? promise : null;
    }

    public long highestToken() {
        return highestToken;
    }
}
