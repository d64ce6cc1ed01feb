package io.conclave.lease;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One attempt of this peer to lead with one token, free of I/O and clocks. The lease lasts from the send time
 * of the newest request that a majority of voters granted; a grant that arrives late (after a pause, through a
 * slow network) therefore adds nothing past what its send time allows. Once held and lapsed, the claim is
 * over: the next leadership is a new claim with a new token, so no two leaderships share one.
 */
public final class Claim {

    private final long token;
    private final LeaseTerms terms;
    private final int majority;
    /** The send time of the newest granted request, per voter. */
    private final Map<String, Long> granted = new HashMap<>();
    private long heldUntil;
    private boolean held;
    private boolean over;

    public Claim(long token, LeaseTerms terms, int majority) {
        this.token = token;
        this.terms = terms;
        this.majority = majority;
    }

    public long token() {
        return token;
    }

    /** {@code voter} granted, at {@code nowNanos}, the request this peer sent at {@code sentNanos}. */
    public void granted(String voter, long sentNanos, long nowNanos) {
        if (isOver(nowNanos)) {
            return;
        }
        Long before = granted.get(voter);
        if (before == null || sentNanos - before > 0) {
            granted.put(voter, sentNanos);
        }
        long until = majorityUntil();
        if (until != Long.MIN_VALUE && until - nowNanos > 0) {
            held = true;
            heldUntil = until; // newest sends only ever move it later
        }
    }

    /** How many voters have granted this claim so far. */
    public int grants() {
        return granted.size();
    }

    /** Whether the lease holds at {@code nowNanos}. */
    public boolean holds(long nowNanos) {
        return !isOver(nowNanos) && held;
    }

    /** The end of the lease, on this peer's clock (meaningful once it was held). */
    public long heldUntil() {
        return heldUntil;
    }

    /** Ends a held lease at {@code nowNanos}, before its time: the claim is over, as if it had run out then. */
    public void endAt(long nowNanos) {
        if (held && heldUntil - nowNanos > 0) {
            heldUntil = nowNanos;
        }
        over = true;
    }

    /** True once the lease was held and then ran out: grants arriving after that revive nothing. */
    public boolean isOver(long nowNanos) {
        if (held && !over && heldUntil - nowNanos <= 0) {
            over = true;
        }
        return over;
    }

    private long majorityUntil() {
        if (granted.size() < majority) {
            return Long.MIN_VALUE;
        }
        List<Long> sends = new ArrayList<>(granted.values());
        sends.sort((a, b) -> Long.compare(b - a, 0)); // newest first, compared as nanoTime differences
        return sends.get(majority - 1) + terms.holderNanos();
    }
}
