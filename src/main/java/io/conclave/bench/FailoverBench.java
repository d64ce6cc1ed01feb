package io.conclave.bench;

import io.conclave.poll.Poll;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Fault on the leader of a fresh cluster of real processes, then time until every survivor names the same
 * new leader, read from the survivors' own event time stamps.
 */
final class FailoverBench implements TrialRunner {

    private final int peers;
    private final Fault fault;
    private final Duration hold;
    private final Duration settle;

    private final WriteLoad writes;

    FailoverBench(int peers, Fault fault, Duration hold, Duration settle, WriteLoad writes) {
        this.peers = peers;
        this.fault = fault;
        this.hold = hold;
        this.settle = settle;
        this.writes = writes;
    }

    WriteLoad writes() {
        return writes;
    }

    @Override
    public String describe() {
        return "failover: " + fault + " the leader of " + peers + " peers";
    }

    @Override
    public Trial run(String stack) {
        try (BenchCluster cluster = BenchCluster.start(stack, peers)) {
            String leaderName = cluster.awaitAgreement(cluster.all());
            if (!settle.isZero()) {
                sleepUntil(Instant.now().plus(settle));
                leaderName = cluster.awaitAgreement(cluster.all()); // the leader the fault is for: the one after the wait
            }
            PeerProcess leader = cluster.peer(leaderName);
            List<PeerProcess> survivors = cluster.except(leader);
            WriteLoad.Running load = writes.start(cluster, stack, cluster.all().stream().map(PeerProcess::name).toList());
            Instant faultAt = Instant.now();
            inject(leader, survivors.get(0));
            cluster.await("survivors to agree on a new leader",
                    () -> BenchCluster.agreedLeader(survivors).filter(agreed -> !agreed.equals(leader.name())).isPresent());
            double failover = Duration.between(faultAt, BenchCluster.lastLeaderChange(survivors)).toNanos() / 1e6;
            load.finish(failover);
            boolean gone = fault == Fault.kill || fault == Fault.leave;
            if (fault == Fault.pause) {
                sleepUntil(faultAt.plus(hold));
                Instant resumedAt = Instant.now();
                leader.pause(false);
                // the merge may hand leadership back to the resumed peer (its stale view lists everyone)
                cluster.awaitAgreement(cluster.all());
                List<LeadershipOverlap.Interval> intervals = LeadershipOverlap.intervals(cluster.all(), null, null, Instant.now());
                return new Trial(failover, LeadershipOverlap.heldAcross(intervals, leader.name(), faultAt, resumedAt),
                        LeadershipOverlap.maxMillis(intervals), false, false);
            }
            if (!gone) {
                // a cut-off leader's own word that it stopped; in coordinator mode it never does (split brain)
                awaitQuietly(() -> !leader.name().equals(leader.lastLeader()), CUT_OFF_STEP_DOWN);
            }
            List<LeadershipOverlap.Interval> intervals = LeadershipOverlap.intervals(cluster.all(),
                    gone ? leader : null, faultAt, Instant.now());
            return new Trial(failover, false, LeadershipOverlap.maxMillis(intervals), false, false);
        }
    }

    /** How long a cut-off leader is given to say it stopped leading before its leadership counts as going on. */
    private static final Duration CUT_OFF_STEP_DOWN = Duration.ofSeconds(5);

    private static void awaitQuietly(java.util.function.BooleanSupplier condition, Duration atMost) {
        try {
            Poll.until(condition, atMost, Duration.ofMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void inject(PeerProcess leader, PeerProcess other) {
        switch (fault) {
            case kill -> leader.crash();
            case leave -> leader.leave();
            case pause -> leader.pause(true);
            case partition -> other.send("isolate " + leader.name());
            case partition_reset -> leader.send("isolate " + leader.name() + " --reset");
        }
    }

    private static void sleepUntil(Instant when) {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
