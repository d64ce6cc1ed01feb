package io.conclave.bench;

import io.conclave.Conclave;
import io.conclave.election.Peer;
import io.conclave.election.PeerConfig;
import io.conclave.election.ReplicatedStore;
import io.conclave.election.StoreException;
import io.conclave.json.Json;
import io.conclave.shell.Table;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raft store throughput: C writers put 100-byte values for a while, through the leader or through a
 * follower (which forwards to the leader), with the log fsynced or not. Peers run in this process.
 */
public final class WritesBench {

    private static final String VALUE = "v".repeat(100);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final String stack;
    private final int peers;
    private final int clients;
    private final Duration duration;

    public WritesBench(String stack, int peers, int clients, Duration duration) {
        this.stack = stack;
        this.peers = peers;
        this.clients = clients;
        this.duration = duration;
    }

    /** One configuration's figures. */
    public record Result(String via, boolean fsync, long ops, double opsPerSecond, Stats latencyMillis, long errors) {

        Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("via", via);
            m.put("fsync", fsync);
            m.put("ops", ops);
            m.put("ops_per_s", Math.round(opsPerSecond));
            m.put("p50_ms", Stats.round(latencyMillis.p50()));
            m.put("p99_ms", Stats.round(latencyMillis.p99()));
            m.put("max_ms", Stats.round(latencyMillis.max()));
            m.put("errors", errors);
            return m;
        }
    }

    public List<Result> run(PrintStream err) {
        Progress progress = new Progress(err);
        List<Result> results = new ArrayList<>();
        for (boolean fsync : List.of(false, true)) {
            for (String via : List.of("leader", "follower")) {
                progress.show("writes: " + clients + " writers via the " + via + ", fsync " + (fsync ? "on" : "off")
                        + ", " + duration.toSeconds() + " s");
                results.add(measure(via, fsync));
            }
        }
        progress.done();
        return results;
    }

    private Result measure(String via, boolean fsync) {
        Sandbox sandbox = Sandbox.create();
        List<String> names = Sandbox.names(peers);
        List<Peer> started = new ArrayList<>();
        try {
            for (String name : names) {
                started.add(Conclave.join(PeerConfig.builder().stack(stack).cluster(sandbox.cluster()).name(name)
                        .bindAddr("127.0.0.1").dataDir(sandbox.dataRoot().resolve(name)).members(names)
                        .settings(Map.of("jgroups.udp.mcast_port", String.valueOf(sandbox.mcastPort()), "conclave.raft.fsync", String.valueOf(fsync)))
                        .build()));
            }
            String leader = InProcessPeers.awaitAgreement(started);
            Peer target = started.stream().filter(p -> via.equals("leader") == p.name().equals(leader)).findFirst().orElseThrow();
            ReplicatedStore store = target.store().orElseThrow(() -> new IllegalStateException(stack + " is not a raft stack"));
            return write(store, via, fsync);
        } finally {
            started.parallelStream().forEach(Peer::close);
            sandbox.close();
        }
    }

    private Result write(ReplicatedStore store, String via, boolean fsync) {
        List<List<Double>> latencies = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> writers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<Double> mine = new ArrayList<>();
            latencies.add(mine);
            int client = c;
            Thread writer = new Thread(() -> {
                long i = 0;
                while (System.nanoTime() < end) {
                    long before = System.nanoTime();
                    try {
                        store.put("k" + client + "-" + (i++ % 1000), VALUE, WRITE_TIMEOUT);
                        mine.add((System.nanoTime() - before) / 1e6);
                    } catch (StoreException e) {
                        errors.incrementAndGet();
                    }
                }
            }, "writer-" + c);
            writers.add(writer);
            writer.start();
        }
        for (Thread writer : writers) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Double> all = new ArrayList<>();
        latencies.forEach(all::addAll);
        return new Result(via, fsync, all.size(), all.size() / seconds, Stats.of(all), errors.get());
    }

    public void print(List<Result> results, boolean json, PrintStream out) {
        String what = "writes: " + clients + " concurrent writers, 100-byte values, " + peers + " peers, "
                + duration.toSeconds() + " s each, stack " + stack;
        if (json) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("bench", "writes");
            object.put("what", what);
            object.put("results", results.stream().map(Result::fields).toList());
            out.println(Json.write(object));
            return;
        }
        out.println(what);
        Table table = new Table("VIA", "FSYNC", "OPS/S", "P50_MS", "P99_MS", "MAX_MS", "ERRORS");
        for (Result r : results) {
            table.row(r.via(), r.fsync() ? "on" : "off", Math.round(r.opsPerSecond()), Stats.round(r.latencyMillis().p50()),
                    Stats.round(r.latencyMillis().p99()), Stats.round(r.latencyMillis().max()), r.errors());
        }
        out.println(table);
    }
}
