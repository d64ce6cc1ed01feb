package io.conclave.bench;

import io.conclave.Conclave;
import io.conclave.election.Peer;
import io.conclave.election.ReplicatedStore;
import io.conclave.election.StoreException;
import io.conclave.json.Json;
import io.conclave.shell.Table;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench failover --writes}: while the fault happens, writers on a peer that survives it keep writing,
 * and the bench reports how long acknowledged writes stopped ({@code write_gap_ms}: the longest time between
 * two acknowledged writes of the trial) and whether any acknowledged write was lost or applied twice.
 * <p>
 * The surviving peer is a learner started in this process in the trial's cluster (it votes in nothing, so the
 * election is the same as without it); its writes go through the store's ordinary path, forwarded to the
 * leader. Each writer counts on its own key with compare-and-set (n to n+1), which makes both failures
 * visible: the key read back at the end below the writer's count is a lost write, and a compare-and-set
 * answered "not swapped, the value is already n+1" after an answered one is a write applied twice (a resend
 * that found its own first application).
 */
final class WriteLoad {

    /** No --writes: nothing runs. */
    static final WriteLoad NONE = new WriteLoad(0);

    private static final String LEARNER = "W";
    /** The shell's default store timeout. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);
    /** After the survivors agree, writers go on until one write is acknowledged this much later. */
    private static final Duration AFTER_AGREEMENT = Duration.ofMillis(300);
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(30);

    private final int writers;
    private final List<Figures> trials = new ArrayList<>();

    WriteLoad(int writers) {
        this.writers = writers;
    }

    /**
     * One trial's figures.
     *
     * @param failoverMillis the trial's failover time, for comparison
     * @param gapMillis      the longest time between two acknowledged writes
     * @param acked          acknowledged writes
     * @param lost           acknowledged writes missing when the keys were read back
     * @param duplicated     writes applied twice
     * @param unknown        writes with an unknown outcome (timed out): neither acknowledged nor lost
     */
    record Figures(String stack, double failoverMillis, double gapMillis, long acked, long lost, long duplicated, long unknown) {
    }

    /** Starts the learner and the writers in {@code cluster}, closed with it; a no-op without --writes. */
    Running start(BenchCluster cluster, String stack, List<String> voters) {
        if (writers == 0) {
            return new Running();
        }
        Running running = new Running(cluster.sandbox(), stack, voters);
        cluster.closeWith(running);
        return running;
    }

    /** The writers of one trial. */
    final class Running implements AutoCloseable {

        private final Peer learner;
        private final String stack;
        private final List<Writer> running = new ArrayList<>();

        private Running() {
            this.learner = null;
            this.stack = null;
        }

        private Running(Sandbox sandbox, String stack, List<String> voters) {
            this.stack = stack;
            this.learner = Conclave.join(sandbox.peer(stack, LEARNER, Map.of()).members(voters).learner(true).build());
            ReplicatedStore store = learner.store().orElseThrow(() -> new IllegalStateException(stack + " is not a raft stack"));
            for (int w = 0; w < writers; w++) {
                running.add(new Writer("writer-" + w, store));
            }
            running.forEach(Writer::start);
            BenchCluster.until("the writers' first acknowledged writes", () -> running.stream().allMatch(r -> r.acked.get() > 0),
                    () -> "learner " + LEARNER + " sees leader " + learner.leadership().leader());
        }

        /** Call once the survivors agree on a new leader: stops the writers once writes flow again, reads back. */
        void finish(double failoverMillis) {
            if (learner == null) {
                return;
            }
            long agreed = System.nanoTime();
            long wanted = agreed + AFTER_AGREEMENT.toNanos();
            BenchCluster.until("a write acknowledged after the new leader", () -> running.stream()
                    .allMatch(w -> w.lastAck.get() > wanted) || System.nanoTime() - agreed > CLOSE_WITHIN.toNanos(), () -> "");
            running.forEach(Writer::stop);
            ReplicatedStore store = learner.store().orElseThrow();
            long acked = 0, lost = 0, duplicated = 0, unknown = 0;
            List<Long> acks = new ArrayList<>();
            for (Writer writer : running) {
                String stored = store.get(writer.key, false, WRITE_TIMEOUT).orElse("0");
                lost += writer.lostOnTheWay + Math.max(0, writer.count - Long.parseLong(stored));
                acked += writer.acked.get();
                duplicated += writer.duplicated;
                unknown += writer.unknown;
                acks.addAll(writer.ackTimes);
            }
            acks.sort(null);
            long gap = 0;
            for (int i = 1; i < acks.size(); i++) {
                gap = Math.max(gap, acks.get(i) - acks.get(i - 1));
            }
            synchronized (trials) {
                trials.add(new Figures(stack, failoverMillis, gap / 1e6, acked, lost, duplicated, unknown));
            }
        }

        @Override
        public void close() {
            running.forEach(Writer::stop);
            if (learner != null) {
                learner.close();
            }
        }
    }

    /** Counts on its own key with compare-and-set until stopped. */
    private static final class Writer implements Runnable {
        private final String key;
        private final ReplicatedStore store;
        private final Thread thread;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicLong acked = new AtomicLong();
        private final AtomicLong lastAck = new AtomicLong();
        private final List<Long> ackTimes = new ArrayList<>();
        /** The value this writer's writes brought its key to. */
        private long count;
        private long duplicated;
        private long unknown;
        private long lostOnTheWay;

        Writer(String key, ReplicatedStore store) {
            this.key = key;
            this.store = store;
            this.thread = new Thread(this, key);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() {
            stopped.set(true);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            boolean lastUnknown = false;
            while (!stopped.get()) {
                String next = String.valueOf(count + 1);
                try {
                    ReplicatedStore.CasResult result = store.compareAndSet(key, count == 0 ? null : String.valueOf(count), next, WRITE_TIMEOUT);
                    if (result.swapped()) {
                        long now = System.nanoTime();
                        ackTimes.add(now);
                        lastAck.set(now);
                        acked.incrementAndGet();
                    } else if (next.equals(result.current())) {
                        if (!lastUnknown) {
                            duplicated++; // our previous write was answered, yet it was applied again
                        }
                    } else { // the key went back: acknowledged writes were lost; go on from what it holds
                        long held = result.current() == null ? 0 : Long.parseLong(result.current());
                        lostOnTheWay += Math.max(0, count - held);
                        count = held;
                        lastUnknown = false;
                        continue;
                    }
                    count++;
                    lastUnknown = false;
                } catch (StoreException e) {
                    // refused before sending (no leader) changes nothing; anything else may land later
                    boolean refused = e.kind() == StoreException.Kind.NO_LEADER && !e.getMessage().contains("may or may not");
                    if (!refused) {
                        unknown++;
                        lastUnknown = true;
                    }
                    pause();
                }
            }
        }

        private static void pause() {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Per trial, then p50/max of the gap and the totals; JSON as one object. */
    void print(PrintWriter out, boolean json) {
        if (writers == 0) {
            return;
        }
        List<Figures> all;
        synchronized (trials) {
            all = List.copyOf(trials);
        }
        Stats gaps = Stats.of(all.stream().map(Figures::gapMillis).toList());
        long acked = all.stream().mapToLong(Figures::acked).sum();
        long lost = all.stream().mapToLong(Figures::lost).sum();
        long duplicated = all.stream().mapToLong(Figures::duplicated).sum();
        long unknown = all.stream().mapToLong(Figures::unknown).sum();
        if (json) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("bench", "failover-writes");
            object.put("writers", writers);
            object.put("write_gap_p50_ms", Stats.round(gaps.p50()));
            object.put("write_gap_max_ms", Stats.round(gaps.max()));
            object.put("writes_acked", acked);
            object.put("writes_lost", lost);
            object.put("writes_duplicated", duplicated);
            object.put("writes_unknown", unknown);
            object.put("trials", all.stream().map(f -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("stack", f.stack());
                m.put("failover_ms", Stats.round(f.failoverMillis()));
                m.put("write_gap_ms", Stats.round(f.gapMillis()));
                m.put("writes_acked", f.acked());
                m.put("writes_lost", f.lost());
                m.put("writes_duplicated", f.duplicated());
                return m;
            }).toList());
            out.println(Json.write(object));
            return;
        }
        out.println("writes during the fault: " + writers + " writer(s) on a surviving peer (compare-and-set counters)");
        Table table = new Table("TRIAL", "STACK", "FAILOVER_MS", "WRITE_GAP_MS", "ACKED", "LOST", "DUPLICATED", "UNKNOWN");
        for (int i = 0; i < all.size(); i++) {
            Figures f = all.get(i);
            table.row(i + 1, f.stack(), Stats.round(f.failoverMillis()), Stats.round(f.gapMillis()), f.acked(), f.lost(),
                    f.duplicated(), f.unknown());
        }
        out.println(table);
        out.printf("write_gap_ms p50 %s max %s; writes_acked %d, writes_lost %d, writes_duplicated %d (unknown outcome %d)%n",
                Stats.round(gaps.p50()), Stats.round(gaps.max()), acked, lost, duplicated, unknown);
    }
}
