package io.conclave.bench;

import java.time.Duration;

/** Creates the measurements for the CLI, so their classes stay package-private. */
public final class Benches {

    private Benches() {
    }

    public static TrialRunner failover(int peers, Fault fault, Duration hold) {
        return new FailoverBench(peers, fault, hold);
    }

    public static TrialRunner merge(int peers) {
        return new MergeBench(peers);
    }

    public static TrialRunner election(int peers) {
        return new ElectionBench(peers);
    }
}
