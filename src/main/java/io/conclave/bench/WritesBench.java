package io.conclave.bench;

import io.conclave.Conclave;
import io.conclave.agreement.PeerSnapshot;
import io.conclave.election.Peer;
import io.conclave.election.ReplicatedStore;
import io.conclave.election.StoreException;
import io.conclave.json.Json;
import io.conclave.lab.LabNames;
import io.conclave.shell.Table;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raft store throughput: C writers put 100-byte values for a while, through the leader or through a
 * follower (which forwards to the leader), with the log fsynced or not; then C readers read linearizably,
 * on the leader with lease reads (from its copy) and without (one log entry per read), and via a follower.
 * Peers run in this process.
 */
public final class WritesBench {

    private static final String VALUE = "v".repeat(100);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int KEYS = 1000;

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

    /**
     * One configuration: what the clients do, through which peer, with the log fsynced or not.
     *
     * @param leaseReads gets: whether the leader may answer from its copy under the lease
     */
    record Config(String op, String via, boolean fsync, boolean leaseReads) {

        static final List<Config> ALL = List.of(
                new Config("put", "leader", false, true), new Config("put", "follower", false, true),
                new Config("put", "leader", true, true), new Config("put", "follower", true, true),
                new Config("get", "leader", false, true), new Config("get", "leader", false, false),
                new Config("get", "follower", false, true));

        String reads() {
            return op.equals("put") ? "-" : leaseReads && via.equals("leader") ? "lease" : "log";
        }

        String describe(int clients, Duration duration) {
            return op + ": " + clients + " clients via the " + via + ", fsync " + (fsync ? "on" : "off")
                    + (op.equals("get") ? ", reads " + reads() : "") + ", " + duration.toSeconds() + " s";
        }
    }

    /** One configuration's figures. */
    public record Result(Config config, long ops, double opsPerSecond, Stats latencyMillis, long errors) {

        Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", config.op());
            m.put("via", config.via());
            m.put("fsync", config.fsync());
            m.put("reads", config.reads());
            m.put("ops", ops);
            m.put("ops_per_s", Math.round(opsPerSecond));
            m.put("p50_ms", Stats.round(latencyMillis.p50()));
            m.put("p99_ms", Stats.round(latencyMillis.p99()));
            m.put("max_ms", Stats.round(latencyMillis.max()));
            m.put("errors", errors);
            return m;
        }
    }

    public List<Result> run(PrintWriter err) {
        Progress progress = new Progress(err);
        List<Result> results = new ArrayList<>();
        for (Config config : Config.ALL) {
            progress.show(config.describe(clients, duration));
            results.add(measure(config));
        }
        progress.done();
        return results;
    }

    private Result measure(Config config) {
        Sandbox sandbox = Sandbox.create();
        List<String> names = LabNames.first(peers);
        List<Peer> started = new ArrayList<>();
        try {
            for (String name : names) {
                started.add(Conclave.join(sandbox.peer(stack, name, Map.of("conclave.raft.fsync", String.valueOf(config.fsync()),
                                "conclave.lease_reads", String.valueOf(config.leaseReads()))).members(names).build()));
            }
            String leader = BenchCluster.awaitAgreement(names, () -> PeerSnapshot.of(started));
            boolean viaLeader = config.via().equals("leader");
            Peer target = started.stream().filter(p -> viaLeader == p.name().equals(leader)).findFirst().orElseThrow();
            ReplicatedStore store = target.store().orElseThrow(() -> new IllegalStateException(stack + " is not a raft stack"));
            return load(store, config);
        } finally {
            started.parallelStream().forEach(Peer::close);
            sandbox.close();
        }
    }

    private Result load(ReplicatedStore store, Config config) {
        boolean reads = config.op().equals("get");
        if (reads) {
            for (int k = 0; k < KEYS; k++) {
                store.put("k" + k, VALUE, TIMEOUT);
            }
        }
        List<List<Double>> latencies = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<Double> mine = new ArrayList<>();
            latencies.add(mine);
            int client = c;
            Thread worker = new Thread(() -> {
                long i = 0;
                while (System.nanoTime() < end) {
                    long before = System.nanoTime();
                    try {
                        if (reads) {
                            store.get("k" + (i++ % KEYS), false, TIMEOUT);
                        } else {
                            store.put("k" + client + "-" + (i++ % KEYS), VALUE, TIMEOUT);
                        }
                        mine.add((System.nanoTime() - before) / 1e6);
                    } catch (StoreException e) {
                        errors.incrementAndGet();
                    }
                }
            }, config.op() + "-" + c);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Double> all = new ArrayList<>();
        latencies.forEach(all::addAll);
        return new Result(config, all.size(), all.size() / seconds, Stats.of(all), errors.get());
    }

    public void print(List<Result> results, boolean json, PrintWriter out) {
        String what = "writes and reads: " + clients + " concurrent clients, 100-byte values, " + peers + " peers, "
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
        Table table = new Table("OP", "VIA", "FSYNC", "READS", "OPS/S", "P50_MS", "P99_MS", "MAX_MS", "ERRORS");
        for (Result r : results) {
            table.row(r.config().op(), r.config().via(), r.config().fsync() ? "on" : "off", r.config().reads(), Math.round(r.opsPerSecond()), Stats.round(r.latencyMillis().p50()),
                    Stats.round(r.latencyMillis().p99()), Stats.round(r.latencyMillis().max()), r.errors());
        }
        out.println(table);
    }
}
