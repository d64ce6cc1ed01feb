package io.conclave.bench;

/**
 * One measured trial.
 *
 * @param millis          the measured time
 * @param resumedAsLeader pause trials: whether the paused leader still held leadership after it resumed
 * @param overlapMillis   failover trials: the longest time two peers both held leadership (their own events)
 * @param leaderChanged   merge trials: the heal moved leadership away from the majority side's leader
 * @param epochChanged    merge trials: the heal changed the majority side's epoch
 */
public record Trial(double millis, boolean resumedAsLeader, double overlapMillis, boolean leaderChanged, boolean epochChanged) {

    static Trial of(double millis) {
        return new Trial(millis, false, 0, false, false);
    }
}
