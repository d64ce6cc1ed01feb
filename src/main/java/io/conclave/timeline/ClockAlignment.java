package io.conclave.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts recordings from several hosts on one clock. Each source is one clock. A view is installed by all its
 * members within milliseconds, so a view seen in two sources says how far their clocks are apart: the
 * median over shared views is the offset, found breadth-first from the first source, so a source that
 * shares views only with a third one is aligned through it. A constant shift per source never reorders a
 * peer's own events.
 */
public final class ClockAlignment {

    private ClockAlignment() {
    }

    public static List<ClockSkew> estimate(List<Recorded> lines, List<String> sources) {
        // per clock: view id -> earliest install seen on that clock
        List<Map<String, Instant>> installs = new ArrayList<>();
        sources.forEach(s -> installs.add(new HashMap<>()));
        for (Recorded r : lines) {
            if ("view".equals(r.type()) && r.text("view") != null) {
                installs.get(r.clock()).merge(r.text("view"), r.ts(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        ClockSkew[] skews = new ClockSkew[sources.size()];
        skews[0] = new ClockSkew(sources.get(0), Duration.ZERO, 0, Duration.ZERO, true);
        List<Integer> frontier = new ArrayList<>(List.of(0));
        while (!frontier.isEmpty()) {
            int known = frontier.remove(0);
            for (int other = 0; other < sources.size(); other++) {
                if (skews[other] != null) {
                    continue;
                }
                List<Long> estimates = new ArrayList<>();
                for (Map.Entry<String, Instant> view : installs.get(known).entrySet()) {
                    Instant there = installs.get(other).get(view.getKey());
                    if (there != null) {
                        estimates.add(Duration.between(there, view.getValue()).plus(skews[known].offset()).toNanos());
                    }
                }
                if (!estimates.isEmpty()) {
                    estimates.sort(null);
                    long median = estimates.get(estimates.size() / 2);
                    skews[other] = new ClockSkew(sources.get(other), Duration.ofNanos(median), estimates.size(),
                            Duration.ofNanos(estimates.get(estimates.size() - 1) - estimates.get(0)), false);
                    frontier.add(other);
                }
            }
        }
        List<ClockSkew> result = new ArrayList<>();
        for (int i = 0; i < skews.length; i++) {
            result.add(skews[i] != null ? skews[i] : new ClockSkew(sources.get(i), Duration.ZERO, 0, Duration.ZERO, false));
        }
        return result;
    }
}
