package io.conclave.bench;

import io.conclave.election.ConclaveException;
import io.conclave.agreement.PeerSnapshot;
import io.conclave.election.Peer;
import io.conclave.lab.LabNames;
import io.conclave.spi.ChannelOwner;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench idle}: what an idle cluster costs per peer as it grows. For each size, peers start in this
 * process, agree on a leader, are left alone for a settling time (the joins' view acks and first raft
 * entries are not idle traffic), then for the measured window: messages and bytes each peer sends and
 * receives ({@link TrafficCounter}), the CPU time this process spent (all peers share it, so it is divided
 * by the size; nothing else runs in the process while the window lasts), and the heap the cluster holds after
 * a full GC, divided by its size.
 */
public final class IdleBench {

    /** Long enough for the tail of the joins: view acknowledgements, a raft leader's first entries. */
    static final Duration SETTLE = Duration.ofSeconds(3);
    static final Duration MAX_DURATION = Duration.ofHours(1);

    private final String stack;
    private final List<Integer> sizes;
    private final Duration duration;

    /** Checks the settings before anything starts. */
    public IdleBench(String stack, List<Integer> sizes, Duration duration) {
        if (duration.toMillis() < 1000 || duration.compareTo(MAX_DURATION) > 0) {
            throw new ConclaveException("--duration must be between 1s and 1h, but was " + duration.toMillis() + "ms");
        }
        this.stack = stack;
        this.sizes = sizes.stream().sorted().distinct().toList();
        this.duration = duration;
    }

    public IdleReport run(PrintWriter err) {
        Progress progress = new Progress(err);
        List<IdleReport.Size> figures = new ArrayList<>();
        try {
            progress.show("idle: warming up");
            // what the JVM keeps once for any number of peers (static caches, loggers) must not land on the first size
            measure(2, Duration.ofSeconds(1));
            for (int n : sizes) {
                progress.show("idle: " + n + " peers (" + stack + "), " + duration.toSeconds() + " s");
                figures.add(measure(n, duration));
            }
        } finally {
            progress.done();
        }
        return new IdleReport(stack, duration, figures);
    }

    private IdleReport.Size measure(int peers, Duration window) {
        long heapBefore = heapAfterGc();
        Sandbox sandbox = Sandbox.create();
        List<Peer> started = new ArrayList<>();
        try {
            InProcessLaunch.joinAll(stack, sandbox, LabNames.first(peers), started);
            BenchCluster.awaitAgreement(LabNames.first(peers), () -> PeerSnapshot.of(started));
            pause(SETTLE);
            List<TrafficCounter> counters = started.stream().map(p -> TrafficCounter.insertInto(ChannelOwner.channelOf(p)
                    .orElseThrow(() -> new IllegalStateException(p.name() + " has no JGroups channel")))).toList();
            List<TrafficCounter.Traffic> before = counters.stream().map(TrafficCounter::snapshot).toList();
            long startNanos = System.nanoTime();
            Duration cpuBefore = processCpu();
            pause(window);
            Duration cpu = processCpu().minus(cpuBefore);
            TrafficCounter.Traffic total = new TrafficCounter.Traffic(0, 0, 0, 0);
            for (int i = 0; i < counters.size(); i++) {
                total = total.plus(counters.get(i).snapshot().minus(before.get(i)));
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            long heapHeld = heapAfterGc() - heapBefore;
            return new IdleReport.Size(peers, seconds, total, cpu.toNanos() / 1e6, heapHeld);
        } finally {
            started.parallelStream().forEach(Peer::close);
            sandbox.close();
        }
    }

    /** The measured window itself: the cluster is to be left alone, so there is nothing to wait on. */
    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the idle cluster ran");
        }
    }

    private static Duration processCpu() {
        return ProcessHandle.current().info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("this platform does not report the process's CPU time"));
    }

    private static long heapAfterGc() {
        ManagementFactory.getMemoryMXBean().gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
