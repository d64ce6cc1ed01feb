package io.conclave.bench;

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

    private final WriteLoad writes;

    FailoverBench(int peers, Fault fault, Duration hold, WriteLoad writes) {
        this.peers = peers;
        this.fault = fault;
        this.hold = hold;
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
            PeerProcess leader = cluster.peer(cluster.awaitAgreement(cluster.all()));
            List<PeerProcess> survivors = cluster.except(leader);
            WriteLoad.Running load = writes.start(cluster, stack, cluster.all().stream().map(PeerProcess::name).toList());
            Instant faultAt = Instant.now();
            inject(leader, survivors.get(0));
            cluster.await("survivors to agree on a new leader", () -> {
                String agreed = BenchCluster.agreedLeader(survivors);
                return agreed != null && !agreed.equals(leader.name());
            });
            double failover = Duration.between(faultAt, BenchCluster.lastLeaderChange(survivors)).toNanos() / 1e6;
            load.finish(failover);
            if (fault != Fault.pause) {
                return Trial.of(failover);
            }
            return resume(cluster, leader, faultAt, failover);
        }
    }

    private void inject(PeerProcess leader, PeerProcess other) {
        switch (fault) {
            case kill -> leader.crash();
            case leave -> leader.leave();
            case pause -> leader.pause(true);
            case partition -> other.send("isolate " + leader.name());
        }
    }

    /** Ends the pause and sees what the old leader believed and for how long two peers led. */
    private Trial resume(BenchCluster cluster, PeerProcess leader, Instant pausedAt, double failover) {
        sleepUntil(pausedAt.plus(hold));
        Instant resumedAt = Instant.now();
        leader.pause(false);
        boolean believedLeading = leader.name().equals(leader.lastLeader());
        double overlap = 0;
        if (believedLeading) {
            // Two peers believe they lead until all agree again; the merge may hand leadership back to the
            // resumed peer (its stale view lists everyone), so either may end up leading.
            cluster.awaitAgreement(cluster.all());
            overlap = Math.max(0, Duration.between(resumedAt, BenchCluster.lastLeaderChange(cluster.all())).toNanos() / 1e6);
        }
        return new Trial(failover, believedLeading, overlap, false, false);
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
