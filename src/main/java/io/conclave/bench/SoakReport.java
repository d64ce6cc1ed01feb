package io.conclave.bench;

import io.conclave.json.Json;
import io.conclave.shell.Table;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a soak saw: per peer and in total, the suspicions, view changes and leader changes after the cluster
 * had formed, and the gaps between messages from the leader as each follower heard them ({@link HeartbeatGaps}).
 *
 * @param cluster the soak's cluster name, which its peers and hogs carry on their command lines
 */
public record SoakReport(String what, String stack, String cluster, Duration ran, int cpuHogs, Optional<Duration> gcEvery,
                         String gcPeer, int gcsForced, int gcsFailed, Duration sampleEvery, List<PeerFigures> peers) {

    /** One peer's counts, and its heard gaps (none on the leader, which does not wait to hear itself). */
    public record PeerFigures(String peer, long suspicions, long viewChanges, long leaderChanges, List<Double> gapsMillis) {

        Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("peer", peer);
            m.put("suspicions", suspicions);
            m.put("view_changes", viewChanges);
            m.put("leader_changes", leaderChanges);
            m.put("heard_gap_ms", gapFields(gapsMillis));
            return m;
        }
    }

    long suspicions() {
        return peers.stream().mapToLong(PeerFigures::suspicions).sum();
    }

    long viewChanges() {
        return peers.stream().mapToLong(PeerFigures::viewChanges).sum();
    }

    long leaderChanges() {
        return peers.stream().mapToLong(PeerFigures::leaderChanges).sum();
    }

    List<Double> allGapsMillis() {
        return peers.stream().flatMap(p -> p.gapsMillis().stream()).toList();
    }

    private static Map<String, Object> gapFields(List<Double> gapsMillis) {
        Stats s = Stats.of(gapsMillis);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", s.count());
        m.put("p50", Stats.round(s.p50()));
        m.put("p99", Stats.round(s.p99()));
        m.put("max", Stats.round(s.max()));
        return m;
    }

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bench", "soak");
        m.put("what", what);
        m.put("stack", stack);
        m.put("cluster", cluster);
        m.put("peers", peers.size());
        m.put("duration_s", Stats.round(ran.toMillis() / 1000.0));
        m.put("cpu_hogs", cpuHogs);
        m.put("gc_every_ms", gcEvery.map(Duration::toMillis).orElse(null));
        m.put("gc_peer", gcEvery.map(d -> gcPeer).orElse(null));
        m.put("gcs_forced", gcsForced);
        m.put("gcs_failed", gcsFailed);
        m.put("sample_every_ms", sampleEvery.toMillis());
        m.put("suspicions", suspicions());
        m.put("view_changes", viewChanges());
        m.put("leader_changes", leaderChanges());
        m.put("heard_gap_ms", gapFields(allGapsMillis()));
        m.put("per_peer", peers.stream().map(PeerFigures::fields).toList());
        return m;
    }

    public void print(PrintWriter out, boolean json) {
        if (json) {
            out.println(Json.write(json()));
            return;
        }
        out.println(what);
        Table table = new Table("PEER", "SUSPICIONS", "VIEW_CHANGES", "LEADER_CHANGES", "HEARD_GAPS", "GAP_P50_MS", "GAP_P99_MS", "GAP_MAX_MS");
        peers.forEach(p -> row(table, p.peer(), p.suspicions(), p.viewChanges(), p.leaderChanges(), p.gapsMillis()));
        row(table, "total", suspicions(), viewChanges(), leaderChanges(), allGapsMillis());
        out.println(table);
        out.printf("ran %.1f s; %s%n", ran.toMillis() / 1000.0, gcEvery.isEmpty() ? "no forced GC"
                : "full GCs forced in " + gcPeer + ": " + gcsForced + (gcsFailed > 0 ? " (jcmd failed " + gcsFailed + "x)" : ""));
        out.println("heard gap: how long a follower had not heard from the leader when it heard it again, sampled every "
                + sampleEvery.toMillis() + " ms (a lower bound, short by up to one sample)");
    }

    private static void row(Table table, String peer, long suspicions, long viewChanges, long leaderChanges, List<Double> gaps) {
        Stats s = Stats.of(gaps);
        table.row(peer, suspicions, viewChanges, leaderChanges, s.count(), number(s.p50()), number(s.p99()), number(s.max()));
    }

    /** A dash where there was nothing to measure (the leader). */
    private static Object number(double v) {
        return Double.isNaN(v) ? null : Stats.round(v);
    }
}
