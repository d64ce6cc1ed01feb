package io.conclave.bench;

import io.conclave.json.Json;
import io.conclave.shell.Table;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What {@link IdleBench} measured: per cluster size, each peer's share of the idle traffic and of the heap,
 * and how each figure grows with the size (the exponent k of size^k between the smallest and the largest).
 */
public record IdleReport(String stack, Duration duration, List<Size> sizes) {

    /**
     * One cluster size: the traffic all its peers sent and received in {@code seconds}, the CPU milliseconds the
     * process spent meanwhile, and the heap they held.
     */
    public record Size(int peers, double seconds, TrafficCounter.Traffic total, double cpuMillis, long heapBytes) {

        double sentPerSecond() {
            return total.messagesSent() / seconds / peers;
        }

        double sentBytesPerSecond() {
            return total.bytesSent() / seconds / peers;
        }

        double receivedPerSecond() {
            return total.messagesReceived() / seconds / peers;
        }

        double receivedBytesPerSecond() {
            return total.bytesReceived() / seconds / peers;
        }

        /** CPU milliseconds per second per peer: 1000 is one core for each peer. */
        double cpuMillisPerSecond() {
            return cpuMillis / seconds / peers;
        }

        double heapKibPerPeer() {
            return heapBytes / 1024.0 / peers;
        }

        Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("peers", peers);
            m.put("measured_s", Stats.round(seconds));
            m.put("sent_msgs_per_s", Stats.round(sentPerSecond()));
            m.put("sent_bytes_per_s", Stats.round(sentBytesPerSecond()));
            m.put("received_msgs_per_s", Stats.round(receivedPerSecond()));
            m.put("received_bytes_per_s", Stats.round(receivedBytesPerSecond()));
            m.put("cpu_ms_per_s", Stats.round(cpuMillisPerSecond()));
            m.put("heap_kib", Stats.round(heapKibPerPeer()));
            return m;
        }
    }

    /** The figures, each per peer, by name (table column and JSON field). */
    private static final Map<String, ToDoubleFunction<Size>> PER_PEER = figures();

    private static Map<String, ToDoubleFunction<Size>> figures() {
        Map<String, ToDoubleFunction<Size>> m = new LinkedHashMap<>();
        m.put("sent_msgs_per_s", Size::sentPerSecond);
        m.put("sent_bytes_per_s", Size::sentBytesPerSecond);
        m.put("received_msgs_per_s", Size::receivedPerSecond);
        m.put("received_bytes_per_s", Size::receivedBytesPerSecond);
        m.put("cpu_ms_per_s", Size::cpuMillisPerSecond);
        m.put("heap_kib", Size::heapKibPerPeer);
        return m;
    }

    /** k in figure ~ size^k from the smallest to the largest size; NaN with one size or a figure of 0. */
    double growth(ToDoubleFunction<Size> figure) {
        Size small = sizes.get(0);
        Size large = sizes.get(sizes.size() - 1);
        double a = figure.applyAsDouble(small);
        double b = figure.applyAsDouble(large);
        if (large.peers() == small.peers() || a <= 0 || b <= 0) {
            return Double.NaN;
        }
        return Math.log(b / a) / Math.log((double) large.peers() / small.peers());
    }

    /** A per-peer figure growing like size^k: the whole cluster's grows like size^(k+1). */
    static String name(double k) {
        if (Double.isNaN(k)) {
            return "-";
        }
        double cluster = k + 1;
        String shape = cluster < 0.75 ? "less than linear" : cluster < 1.25 ? "linear" : cluster < 1.75 ? "between linear and quadratic" : cluster < 2.25 ? "quadratic" : "worse than quadratic";
        return String.format("per peer ~N^%.2f, cluster %s", k, shape);
    }

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bench", "idle");
        m.put("stack", stack);
        m.put("duration_s", Stats.round(duration.toMillis() / 1000.0));
        m.put("sizes", sizes.stream().map(Size::fields).toList());
        Map<String, Object> growth = new LinkedHashMap<>();
        PER_PEER.forEach((name, figure) -> growth.put(name, round2(growth(figure))));
        m.put("growth_exponent_per_peer", growth);
        return m;
    }

    public void print(PrintWriter out, boolean json) {
        if (json) {
            out.println(Json.write(json()));
            return;
        }
        out.println("idle: " + stack + ", " + duration.toSeconds() + " s per size, figures per peer (messages and bytes"
                + " above the transport, headers included; the process's CPU ms per second, " + Runtime.getRuntime()
                .availableProcessors() + " cores here; heap after a full GC)");
        Table table = new Table("PEERS", "SENT_MSG/S", "SENT_B/S", "RECV_MSG/S", "RECV_B/S", "CPU_MS/S", "HEAP_KIB");
        for (Size s : sizes) {
            table.row(s.peers(), Stats.round(s.sentPerSecond()), Math.round(s.sentBytesPerSecond()),
                    Stats.round(s.receivedPerSecond()), Math.round(s.receivedBytesPerSecond()),
                    Stats.round(s.cpuMillisPerSecond()), Math.round(s.heapKibPerPeer()));
        }
        out.println(table);
        if (sizes.size() > 1) {
            out.println("growth from " + sizes.get(0).peers() + " to " + sizes.get(sizes.size() - 1).peers() + " peers:");
            PER_PEER.forEach((name, figure) -> out.println("  " + name + ": " + name(growth(figure))));
        }
    }

    private static double round2(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 100) / 100.0;
    }
}
