package io.conclave.timeline;

import io.conclave.election.ElectionEvent;
import io.conclave.shell.Style;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Builds the {@link Timeline} of a recording: aligns the clocks, then lanes, then what they add up to. */
public final class TimelineBuilder {

    /** Past the last event, so the states it leaves are visible. */
    private static final Duration MIN_TAIL = Duration.ofMillis(500);
    /** Faults that happen to the peers they name (a cut names everyone, and is drawn across the lanes). */
    private static final Set<String> PEER_FAULTS = Set.of("kill", "stop", "start", "pause", "resume");
    /** The detail of the stops the lab records as it closes. */
    static final String LAB_CLOSING = "lab closing";

    private TimelineBuilder() {
    }

    public static Timeline of(Recording recording) {
        List<ClockSkew> skews = ClockAlignment.estimate(recording.lines(), recording.sources());
        List<Recorded> aligned = align(recording.lines(), skews);
        // the lab's own shutdown (every peer stopped in turn) ends the story rather than being part of it
        Instant closed = aligned.stream().filter(e -> "fault".equals(e.type()) && LAB_CLOSING.equals(e.text("detail")))
                .map(Recorded::ts).findFirst().orElse(null);
        List<Recorded> events = closed == null ? aligned : aligned.stream().filter(e -> e.ts().isBefore(closed)).toList();
        if (events.isEmpty()) {
            events = aligned;
        }
        Instant start = events.get(0).ts();
        Instant last = events.get(events.size() - 1).ts();
        Duration tail = Duration.between(start, last).dividedBy(50);
        Instant end = closed != null && closed.isAfter(start) ? closed : last.plus(tail.compareTo(MIN_TAIL) < 0 ? MIN_TAIL : tail);

        List<Lane> lanes = lanes(events, recording, end);
        List<Segment> segments = Segments.of(lanes, start, end);
        String stack = recording.headerText("stack");
        String declaredMode = recording.headerText("mode");
        String mode = declaredMode != null ? declaredMode : events.stream().filter(e -> "leader".equals(e.type()))
                .map(e -> e.text("mode")).filter(m -> m != null).findFirst().orElse("coordinator");
        boolean quorum = (stack != null && stack.contains("quorum")) || events.stream()
                .anyMatch(e -> "leader".equals(e.type()) && e.text("reason") != null && e.text("reason").contains("quorum"));
        boolean raft = mode.startsWith("raft");
        String modeLabel = raft ? "raft" : quorum ? "coordinator + quorum" : mode;

        List<Period> leaders = Segments.runs(segments, Segment::leading);
        return new Timeline(recording.headerText("cluster"), stack, modeLabel, raft || quorum, start, end, closed, lanes,
                faults(events, segments, lanes, end), merges(events), Segments.periods(segments, s -> s.named().size() > 1, Segment::named),
                Segments.periods(segments, s -> s.leading().size() > 1, Segment::leading), leaders,
                Segments.periods(segments, s -> s.leading().isEmpty() && !s.live().isEmpty(), s -> Set.of()), skews, events);
    }

    /**
     * Shifts every source onto the reference clock, keeps each peer's events in the order it recorded them (its
     * time stamps made non-decreasing), and returns everything in time order.
     */
    static List<Recorded> align(List<Recorded> lines, List<ClockSkew> skews) {
        Map<String, List<Recorded>> byPeer = new LinkedHashMap<>();
        for (Recorded r : lines) {
            Recorded shifted = r.at(r.ts().plus(skews.get(r.clock()).offset()));
            byPeer.computeIfAbsent(r.peer() == null ? "" : r.peer() + "@" + r.clock(), k -> new ArrayList<>()).add(shifted);
        }
        Map<String, List<List<Recorded>>> sequences = new LinkedHashMap<>();
        byPeer.forEach((key, list) -> sequences.computeIfAbsent(key.contains("@") ? key.substring(0, key.lastIndexOf('@')) : key,
                k -> new ArrayList<>()).add(list));
        List<Recorded> all = new ArrayList<>();
        sequences.forEach((peer, lists) -> all.addAll(monotone(mergeInOrder(lists))));
        all.sort(Comparator.comparing(Recorded::ts));
        return all;
    }

    /** Merges sequences by time, never reordering within one. */
    private static List<Recorded> mergeInOrder(List<List<Recorded>> lists) {
        List<Recorded> out = new ArrayList<>();
        int[] next = new int[lists.size()];
        while (true) {
            int pick = -1;
            for (int i = 0; i < lists.size(); i++) {
                if (next[i] < lists.get(i).size() && (pick < 0
                        || lists.get(i).get(next[i]).ts().isBefore(lists.get(pick).get(next[pick]).ts()))) {
                    pick = i;
                }
            }
            if (pick < 0) {
                return out;
            }
            out.add(lists.get(pick).get(next[pick]++));
        }
    }

    private static List<Recorded> monotone(List<Recorded> sequence) {
        List<Recorded> out = new ArrayList<>();
        Instant previous = Instant.MIN;
        for (Recorded r : sequence) {
            Recorded kept = r.ts().isBefore(previous) ? r.at(previous) : r;
            out.add(kept);
            previous = kept.ts();
        }
        return out;
    }

    private static List<Lane> lanes(List<Recorded> events, Recording recording, Instant end) {
        Map<String, LaneBuilder> lanes = new TreeMap<>();
        if (recording.header().get("peers") instanceof List<?> declared) {
            declared.forEach(p -> lanes.put(String.valueOf(p), new LaneBuilder(String.valueOf(p))));
        }
        for (int i = 0; i < events.size(); i++) {
            Recorded r = events.get(i);
            if (r.peer() != null) {
                lanes.computeIfAbsent(r.peer(), LaneBuilder::new).event(r, i);
            } else if ("fault".equals(r.type()) && PEER_FAULTS.contains(r.text("action"))) {
                for (String peer : r.names("peers")) {
                    lanes.computeIfAbsent(peer, LaneBuilder::new).fault(r, i);
                }
            }
        }
        return lanes.values().stream().map(b -> b.build(end)).toList();
    }

    private static List<FaultMark> faults(List<Recorded> events, List<Segment> segments, List<Lane> lanes, Instant end) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if ("fault".equals(events.get(i).type()) && events.get(i).text("action") != null) {
                indexes.add(i);
            }
        }
        List<FaultMark> marks = new ArrayList<>();
        for (int k = 0; k < indexes.size(); k++) {
            Recorded fault = events.get(indexes.get(k));
            Instant at = fault.ts();
            Instant until = k + 1 < indexes.size() ? events.get(indexes.get(k + 1)).ts() : end;
            Duration newLeader = lanes.stream().flatMap(l -> l.leads().stream()).map(Lane.LeadSpan::from)
                    .filter(t -> t.isAfter(at) && !t.isAfter(until)).min(Comparator.naturalOrder())
                    .map(t -> Duration.between(at, t)).orElse(null);
            Duration merged = null;
            Instant settled = null;
            for (int i = indexes.get(k) + 1; i < events.size() && events.get(i).ts().isBefore(until); i++) {
                String type = events.get(i).type();
                if ("merge".equals(type) && merged == null) {
                    merged = Duration.between(at, events.get(i).ts());
                }
                if ("view".equals(type) || "leader".equals(type) || "merge".equals(type)) {
                    settled = events.get(i).ts();
                }
            }
            String detail = fault.text("detail") == null ? "" : fault.text("detail");
            marks.add(new FaultMark(at, fault.text("action"), fault.names("peers"), detail, indexes.get(k), newLeader, merged,
                    settled == null ? null : Duration.between(at, settled),
                    outcome(Segments.at(segments, settled == null ? at : settled), lanes, settled == null ? at : settled)));
        }
        return marks;
    }

    /** "leader C on A,B,C,D,E", or one clause per leader when the live peers disagree. */
    static String outcome(Segment segment, List<Lane> lanes, Instant t) {
        Map<String, Set<String>> byLeader = new TreeMap<>();
        for (Lane lane : lanes) {
            if (!segment.live().contains(lane.peer())) {
                continue;
            }
            String leader = lane.follows().stream().filter(f -> !f.from().isAfter(t) && f.to().isAfter(t)).findFirst()
                    .map(Lane.FollowSpan::leader).orElse(null);
            byLeader.computeIfAbsent(leader == null ? "" : leader, k -> new TreeSet<>()).add(lane.peer());
        }
        if (byLeader.isEmpty()) {
            return "no live peer";
        }
        return byLeader.entrySet().stream()
                .map(e -> (e.getKey().isEmpty() ? "no leader" : "leader " + e.getKey()) + " on " + String.join(",", e.getValue()))
                .collect(Collectors.joining("; "));
    }

    private static List<MergeMark> merges(List<Recorded> events) {
        Map<String, Integer> firstOf = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            if ("merge".equals(events.get(i).type()) && events.get(i).text("view") != null) {
                firstOf.putIfAbsent(events.get(i).text("view"), i);
            }
        }
        List<MergeMark> marks = new ArrayList<>();
        firstOf.forEach((view, index) -> {
            List<Recorded> window = window(events, index);
            List<ElectionEvent> decoded = window.stream().map(EventDecoder::event).flatMap(Optional::stream).toList();
            List<LabEvent> faults = window.stream().map(EventDecoder::fault).flatMap(Optional::stream).toList();
            MergeAnalysis.of(view, decoded, faults).ifPresent(report -> marks.add(new MergeMark(report.at(), view,
                    events.get(index).names("members"), report.split(), outcome(report), report.render(Style.PLAIN), index)));
        });
        return marks;
    }

    /** "two leaders at once for 1.7 s: A, C; then leader C, epoch 6". */
    private static String outcome(MergeReport report) {
        return (report.overlapping().size() < 2 ? "never two leaders at once"
                : "two leaders at once for " + Markup.duration(report.overlap()) + ": " + String.join(", ", report.overlapping()))
                + "; then leader " + (report.leaderAfter() == null ? "none" : report.leaderAfter()) + ", epoch " + report.epochAfter();
    }

    /** Before the split that a merge heals: the last cut, pause or crash before it, with a margin. */
    private static final Duration SPLIT_MARGIN = Duration.ofMinutes(1);
    /** Merge events of one view keep arriving for a moment (raft: until the merged side has a leader). */
    private static final Duration MERGE_REPORTS = Duration.ofSeconds(10);

    /**
     * The events the merge at {@code index} is analysed on, so a long recording is not read whole for each merge:
     * from a minute before the last fault that could have split the cluster (ten minutes without faults) to
     * shortly after it, plus each peer's last view and last leader event before that, which say what it held.
     */
    private static List<Recorded> window(List<Recorded> events, int index) {
        Instant at = events.get(index).ts();
        Instant fault = null;
        for (int i = index; i >= 0 && fault == null; i--) {
            Recorded r = events.get(i);
            if ("fault".equals(r.type()) && Set.of("partition", "pause", "kill", "stop").contains(r.text("action"))) {
                fault = r.ts();
            }
        }
        Instant from = fault == null ? at.minus(SPLIT_MARGIN.multipliedBy(10)) : fault.minus(SPLIT_MARGIN);
        Instant to = at.plus(MERGE_REPORTS);
        Map<String, Recorded> lastView = new LinkedHashMap<>();
        Map<String, Recorded> lastLeader = new LinkedHashMap<>();
        List<Recorded> window = new ArrayList<>();
        for (Recorded r : events) {
            if (r.ts().isBefore(from)) {
                if (r.peer() != null && "view".equals(r.type())) {
                    lastView.put(r.peer(), r);
                } else if (r.peer() != null && "leader".equals(r.type())) {
                    lastLeader.put(r.peer(), r);
                }
            } else if (!r.ts().isAfter(to)) {
                window.add(r);
            }
        }
        List<Recorded> before = new ArrayList<>(lastView.values());
        before.addAll(lastLeader.values());
        before.sort(Comparator.comparing(Recorded::ts));
        before.addAll(window);
        return before;
    }
}
