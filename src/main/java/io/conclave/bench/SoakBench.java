package io.conclave.bench;

import io.conclave.election.ConclaveException;
import io.conclave.json.Json;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench soak}: real peer processes left alone for a while, optionally beside CPU-bound processes and
 * with a full GC forced in one peer at a fixed rate, counting what a healthy cluster should never show:
 * suspicions, view changes, leader changes; and sampling how long followers go without hearing from the
 * leader. The figures are the result; nothing is asserted.
 */
public final class SoakBench {

    /** How often every peer is asked how long ago it last heard from its leader. */
    static final Duration SAMPLE_EVERY = Duration.ofMillis(50);
    /** The peers' replies to every sample are kept until the end: an hour of them is ~100 MB. */
    static final Duration MAX_DURATION = Duration.ofHours(1);
    /** Each hog is a JVM: the bound keeps a typo from starting thousands. */
    static final int MAX_CPU_HOGS = 64;
    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(30);

    private final String stack;
    private final int peers;
    private final Duration duration;
    private final int cpuHogs;
    private final Optional<Duration> gcEvery;

    /** Checks the settings before anything starts; {@code gcEvery} empty: no forced GC. */
    public SoakBench(String stack, int peers, Duration duration, int cpuHogs, Optional<Duration> gcEvery) {
        if (duration.toMillis() < 1000 || duration.compareTo(MAX_DURATION) > 0) {
            throw new ConclaveException("--duration must be between 1s and 1h, but was " + duration.toMillis() + "ms");
        }
        if (cpuHogs < 0 || cpuHogs > MAX_CPU_HOGS) {
            throw new ConclaveException("--cpu-hogs must be between 0 and " + MAX_CPU_HOGS + ", but was " + cpuHogs);
        }
        if (gcEvery.isPresent() && gcEvery.get().toMillis() < 1000) {
            throw new ConclaveException("--gc-every must be at least 1s (each GC is a jcmd run), but was "
                    + gcEvery.get().toMillis() + "ms");
        }
        if (gcEvery.isPresent() && !Files.isExecutable(jcmd())) {
            throw new ConclaveException("--gc-every forces GCs with jcmd, which this Java has not: " + jcmd() + " (run from a JDK)");
        }
        this.stack = stack;
        this.peers = peers;
        this.duration = duration;
        this.cpuHogs = cpuHogs;
        this.gcEvery = gcEvery;
    }

    public String describe() {
        return "soak: " + peers + " peer processes (" + stack + ") for " + duration.toSeconds() + " s, " + cpuHogs + (cpuHogs == 1 ? " CPU hog, " : " CPU hogs, ")
                + gcEvery.map(d -> "a full GC forced in the first peer every " + d.toMillis() / 1000.0 + " s (jcmd GC.run)")
                .orElse("no forced GC");
    }

    public SoakReport run(PrintWriter err) {
        Progress progress = new Progress(err);
        progress.show(describe() + " | starting the peers");
        try (SoakProcesses processes = new SoakProcesses(BenchCluster.start(stack, peers))) {
            Thread cleanup = new Thread(processes::close, "soak-cleanup"); // Ctrl-C or SIGTERM: no hog outlives the bench
            Runtime.getRuntime().addShutdownHook(cleanup);
            try {
                return soak(processes, progress);
            } finally {
                progress.done();
                removeHook(cleanup);
            }
        }
    }

    private SoakReport soak(SoakProcesses processes, Progress progress) {
        BenchCluster cluster = processes.cluster;
        List<PeerProcess> all = cluster.all();
        cluster.awaitAgreement(all);
        Instant start = Instant.now();
        for (int i = 0; i < cpuHogs; i++) {
            processes.hogs.add(CpuHog.start("soak " + cluster.sandbox().cluster()));
        }
        PeerProcess gcTarget = all.get(0);
        AtomicInteger gcsForced = new AtomicInteger();
        AtomicInteger gcsFailed = new AtomicInteger();
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "soak-timer");
            t.setDaemon(true);
            return t;
        });
        try {
            timers.scheduleAtFixedRate(() -> all.forEach(SoakBench::askSilence), 0, SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            gcEvery.ifPresent(every -> timers.scheduleAtFixedRate(
                    () -> forceGc(gcTarget, gcsForced, gcsFailed),
                    every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS));
            waitOut(start, progress, gcsForced);
        } finally {
            stop(timers);
        }
        Instant end = Instant.now();
        List<SoakReport.PeerFigures> figures = all.stream().map(p -> figures(p, start, end)).toList();
        return new SoakReport(describe(), stack, cluster.sandbox().cluster(), Duration.between(start, end), cpuHogs, gcEvery,
                gcTarget.name(), gcsForced.get(), gcsFailed.get(), SAMPLE_EVERY, figures);
    }

    private void waitOut(Instant start, Progress progress, AtomicInteger gcsForced) {
        Instant deadline = start.plus(duration);
        while (Instant.now().isBefore(deadline)) {
            progress.show(describe() + " | " + Duration.between(start, Instant.now()).toSeconds() + " s, " + gcsForced.get() + " GCs");
            try {
                Thread.sleep(Math.max(1, Math.min(1000, Duration.between(Instant.now(), deadline).toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during the soak");
            }
        }
    }

    /** Cancels the next samples and GCs, and lets a GC under way finish, so it is counted as what it was. */
    private static void stop(ScheduledExecutorService timers) {
        timers.shutdown();
        try {
            if (!timers.awaitTermination(JCMD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                timers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            timers.shutdownNow();
        }
    }

    /** The peer prints its leader and {@code last_heard_ms} as one JSON line; {@link #figures} reads them back. */
    private static void askSilence(PeerProcess peer) {
        if (!peer.isAlive()) {
            return; // gone: the others' suspicions and views say so
        }
        try {
            peer.send("leader -o json");
        } catch (UncheckedIOException e) {
            // it ended between the check and the send; as above
        }
    }

    /** Counts the GC as forced when jcmd says it ran, as failed when jcmd fails or hangs. */
    private static void forceGc(PeerProcess peer, AtomicInteger forced, AtomicInteger failed) {
        try {
            Process jcmd = new ProcessBuilder(jcmd().toString(), String.valueOf(peer.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean ran = jcmd.waitFor(JCMD_TIMEOUT.toSeconds(), TimeUnit.SECONDS) && jcmd.exitValue() == 0;
            jcmd.destroyForcibly(); // a no-op unless it hung
            (ran ? forced : failed).incrementAndGet();
        } catch (IOException e) {
            failed.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the soak was cut short while this GC ran: neither forced nor failed
        }
    }

    private static Path jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd");
    }

    private static SoakReport.PeerFigures figures(PeerProcess peer, Instant start, Instant end) {
        List<Map<String, Object>> during = peer.events().stream()
                .filter(e -> !PeerProcess.ts(e).isBefore(start) && !PeerProcess.ts(e).isAfter(end)).toList();
        HeartbeatGaps gaps = new HeartbeatGaps();
        for (String line : peer.otherLines()) {
            if (line.startsWith("{\"leader\"")) {
                Map<String, Object> leader = Json.parseObject(line);
                Object silence = leader.get("last_heard_ms");
                gaps.sample((String) leader.get("leader"), silence == null ? null : ((Number) silence).doubleValue());
            }
        }
        return new SoakReport.PeerFigures(peer.name(), count(during, "suspect"), count(during, "view"), count(during, "leader"),
                gaps.gapsMillis());
    }

    private static long count(List<Map<String, Object>> events, String type) {
        return events.stream().filter(e -> type.equals(e.get("type"))).count();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is closing the processes
        }
    }

    /** The peers and hogs of one soak, closed once, by the bench or by the shutdown hook, whichever comes first. */
    private static final class SoakProcesses implements AutoCloseable {
        final BenchCluster cluster;
        final List<Process> hogs = new CopyOnWriteArrayList<>();
        private final AtomicBoolean closed = new AtomicBoolean();

        SoakProcesses(BenchCluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            List<Process> stopping = new ArrayList<>(hogs);
            stopping.forEach(Process::destroyForcibly);
            cluster.close();
            for (Process hog : stopping) {
                try {
                    hog.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
