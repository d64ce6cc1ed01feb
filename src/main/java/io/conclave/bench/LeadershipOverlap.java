package io.conclave.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How long two peers both held leadership during a trial, from the peers' own "leadership gained/lost" events
 * (one host, one clock). A peer's leadership lasts from its gain to its loss, as the peer itself dates them: a
 * lease that ran out during a pause is dated when it ran out. A peer killed while leading led until the kill.
 */
final class LeadershipOverlap {

    private LeadershipOverlap() {
    }

    /** One peer's leadership, [from, to). */
    record Interval(String peer, Instant from, Instant to) {
    }

    /**
     * @param peers  the trial's processes
     * @param killed the process killed in the trial and when, or null
     * @param end    when the trial was read: a leadership still held then lasts until it
     */
    static List<Interval> intervals(List<PeerProcess> peers, PeerProcess killed, Instant killedAt, Instant end) {
        List<Interval> intervals = new ArrayList<>();
        for (PeerProcess peer : peers) {
            Instant from = null;
            for (Map<String, Object> event : peer.events()) {
                if (!"leadership".equals(event.get("type"))) {
                    continue;
                }
                Instant ts = PeerProcess.ts(event);
                if ("gained".equals(event.get("state"))) {
                    from = ts;
                } else if (from != null) {
                    intervals.add(new Interval(peer.name(), from, ts));
                    from = null;
                }
            }
            if (from != null) {
                intervals.add(new Interval(peer.name(), from, peer == killed ? killedAt : end));
            }
        }
        return intervals;
    }

    /** The longest time two different peers both held leadership, in milliseconds (0 if never). */
    static double maxMillis(List<Interval> intervals) {
        double max = 0;
        for (int i = 0; i < intervals.size(); i++) {
            for (int j = i + 1; j < intervals.size(); j++) {
                Interval a = intervals.get(i);
                Interval b = intervals.get(j);
                if (a.peer().equals(b.peer())) {
                    continue;
                }
                Instant from = a.from().isAfter(b.from()) ? a.from() : b.from();
                Instant to = a.to().isBefore(b.to()) ? a.to() : b.to();
                if (to.isAfter(from)) {
                    max = Math.max(max, Duration.between(from, to).toNanos() / 1e6);
                }
            }
        }
        return max;
    }

    /**
     * Whether the leadership {@code peer} held when it was paused went on past its resume: it resumed believing
     * it led. Leading again later, after a new election, is another leadership and does not count.
     */
    static boolean heldAcross(List<Interval> intervals, String peer, Instant pausedAt, Instant resumedAt) {
        return intervals.stream().anyMatch(i -> i.peer().equals(peer) && !i.from().isAfter(pausedAt)
                && i.to().isAfter(resumedAt));
    }
}
