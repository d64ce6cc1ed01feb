package io.conclave.lease;

/**
 * Who leads as far as the lease lets this peer tell.
 *
 * @param leader       the leader (this peer or another), or null
 * @param token        its fencing token; with no leader, the highest this peer knows
 * @param reason       why there is no leader (null when there is one)
 * @param sinceNanos   when this became true, on this peer's monotonic clock: for a lease that ran out, the
 *                     moment it ran out, however late it was noticed
 * @param needsNewTerm raft mode: this peer's lease in the current term has run out while jgroups-raft still
 *                     makes it leader; leading again takes a new term
 */
public record Verdict(String leader, long token, String reason, long sinceNanos, boolean needsNewTerm) {

    static Verdict leads(String leader, long token, long sinceNanos) {
        return new Verdict(leader, token, null, sinceNanos, false);
    }

    static Verdict none(long token, String reason, long sinceNanos) {
        return new Verdict(null, token, reason, sinceNanos, false);
    }
}
