package io.conclave.bench;

import java.io.PrintWriter;
import java.time.Duration;

/** Creates the measurements for the CLI, so their classes stay package-private. */
public final class Benches {

    /** Election and writes run their peers in this JVM, as the lab does: as many as a lab may have. */
    public static final int MAX_IN_PROCESS_PEERS = io.conclave.lab.LabOptions.MAX_PEERS;
    /** Failover, merge and soak start every peer as a JVM of its own, one after the other (issue 13's bound). */
    public static final int MAX_PEER_PROCESSES = 25;

    private Benches() {
    }

    /** @param settle how long the cluster runs after it agreed before the fault (start-up work done) */
    public static TrialRunner failover(int peers, Fault fault, Duration hold, Duration settle) {
        return failover(peers, fault, hold, settle, WriteLoad.NONE);
    }

    /** With writers on a surviving peer during the fault ({@code --writes}); print their figures with {@link #printWrites}. */
    public static TrialRunner failover(int peers, Fault fault, Duration hold, Duration settle, int writers) {
        return failover(peers, fault, hold, settle, new WriteLoad(writers));
    }

    private static TrialRunner failover(int peers, Fault fault, Duration hold, Duration settle, WriteLoad writes) {
        return new FailoverBench(peers, fault, hold, settle, writes);
    }

    /** The figures of the writers of a failover bench made with writers, if any. */
    public static void printWrites(TrialRunner failover, PrintWriter out, boolean json) {
        if (failover instanceof FailoverBench bench) {
            bench.writes().print(out, json);
        }
    }

    public static TrialRunner merge(int peers) {
        return new MergeBench(peers);
    }

    public static TrialRunner election(int peers) {
        return new ElectionBench(peers);
    }
}
