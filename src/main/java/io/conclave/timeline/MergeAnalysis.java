package io.conclave.timeline;

import io.conclave.election.ElectionEvent;
import io.conclave.election.ElectionEvent.LeaderChanged;
import io.conclave.election.ElectionEvent.Merged;
import io.conclave.election.ElectionEvent.ViewChanged;
import io.conclave.election.ViewInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds the {@link MergeReport} of one merge from what every peer observed. Deterministic and free of I/O,
 * so it is tested with scripted events.
 */
public final class MergeAnalysis {

    private MergeAnalysis() {
    }

    /** The report of the merge into view {@code viewId}, or empty if no peer reported that merge. */
    public static Optional<MergeReport> of(String viewId, List<ElectionEvent> events, List<LabEvent> faults) {
        List<Merged> merges = events.stream().filter(Merged.class::isInstance).map(Merged.class::cast)
                .filter(m -> m.view().id().equals(viewId)).sorted(Comparator.comparing(Merged::ts)).toList();
        if (merges.isEmpty()) {
            return Optional.empty();
        }
        Merged first = merges.get(0);
        Instant at = first.ts();
        Instant splitSince = splitSince(first.view(), events, at);
        Interval window = new Interval(splitSince == null ? Instant.MIN : splitSince, at, null);
        List<Interval> leading = clip(leadingIntervals(events, faults, at), window);
        Overlap overlap = overlap(leading);
        List<MergeReport.Side> sides = first.subgroups().stream().map(s -> side(s, merges, events)).toList();
        String leaderAfter = mostCommon(merges.stream().map(Merged::leaderAfter).toList());
        long epochAfter = merges.stream().mapToLong(Merged::epochAfter).max().orElse(0);
        return Optional.of(new MergeReport(viewId, at, sides, splitSince, overlap.total(), overlap.peers(),
                leaderAfter, epochAfter));
    }

    /**
     * A side's before and after as one of its own members saw them: a peer whose view was that side's view when
     * the merge came (views can overlap: a stale view may list members that have moved on), else any member;
     * failing both, the side's leader as the merge named it.
     */
    private static MergeReport.Side side(ElectionEvent.Subgroup subgroup, List<Merged> merges, List<ElectionEvent> events) {
        Comparator<Merged> heldThatView = Comparator.comparing(m -> !subgroup.view().id().equals(viewBefore(m, events)));
        return merges.stream().filter(m -> subgroup.view().contains(m.peer())).min(heldThatView)
                .map(m -> new MergeReport.Side(subgroup.view(), m.leaderBefore(), m.epochBefore(), m.leaderAfter(), m.epochAfter()))
                .orElseGet(() -> new MergeReport.Side(subgroup.view(), subgroup.leader(), subgroup.view().number(),
                        mostCommon(merges.stream().map(Merged::leaderAfter).toList()), merges.get(0).epochAfter()));
    }

    /** The id of the view the peer of {@code merge} had just before installing the merge view. */
    private static String viewBefore(Merged merge, List<ElectionEvent> events) {
        String id = null;
        for (ElectionEvent event : events) {
            if (event instanceof ViewChanged v && v.peer().equals(merge.peer()) && v.ts().isBefore(merge.ts())
                    && !v.view().id().equals(merge.view().id())) {
                id = v.view().id();
            }
        }
        return id;
    }

    /**
     * When the views diverged: for each member of the merged view, the first view it installed after its last
     * view that held every member; the earliest of those. Null if no member ever had such a view.
     */
    static Instant splitSince(ViewInfo merged, List<ElectionEvent> events, Instant before) {
        Set<String> members = Set.copyOf(merged.members());
        Instant earliest = null;
        for (String member : members) {
            boolean whole = false;
            Instant diverged = null;
            for (ElectionEvent event : events) {
                if (event instanceof ViewChanged v && v.peer().equals(member) && v.ts().isBefore(before)) {
                    if (v.view().members().containsAll(members)) {
                        whole = true;
                        diverged = null;
                    } else if (whole && diverged == null) {
                        diverged = v.ts();
                    }
                }
            }
            if (diverged != null && (earliest == null || diverged.isBefore(earliest))) {
                earliest = diverged;
            }
        }
        return earliest;
    }

    /** When each peer believed it led: from its gaining leadership until it lost it, went down, or {@code end}. */
    static List<Interval> leadingIntervals(List<ElectionEvent> events, List<LabEvent> faults, Instant end) {
        record Step(Instant ts, String peer, boolean leads) {
        }
        List<Step> steps = new ArrayList<>();
        for (ElectionEvent event : events) {
            if (event instanceof LeaderChanged c && !c.ts().isAfter(end)) {
                steps.add(new Step(c.ts(), c.peer(), c.peer().equals(c.newLeader())));
            }
        }
        for (LabEvent fault : faults) {
            if (!fault.ts().isAfter(end)) {
                fault.peers().stream().filter(fault::takesDown).forEach(p -> steps.add(new Step(fault.ts(), p, false)));
            }
        }
        steps.sort(Comparator.comparing(Step::ts));
        Map<String, Instant> open = new HashMap<>();
        List<Interval> intervals = new ArrayList<>();
        for (Step step : steps) {
            if (step.leads()) {
                open.putIfAbsent(step.peer(), step.ts());
            } else {
                Instant since = open.remove(step.peer());
                if (since != null) {
                    intervals.add(new Interval(since, step.ts(), step.peer()));
                }
            }
        }
        open.forEach((peer, since) -> intervals.add(new Interval(since, end, peer)));
        return intervals;
    }

    private static List<Interval> clip(List<Interval> intervals, Interval window) {
        return intervals.stream()
                .map(i -> new Interval(max(i.from(), window.from()), min(i.to(), window.to()), i.peer()))
                .filter(i -> i.from().isBefore(i.to()))
                .toList();
    }

    /** The total time two or more intervals cover at once, and whose. */
    static Overlap overlap(List<Interval> intervals) {
        TreeSet<Instant> bounds = new TreeSet<>();
        intervals.forEach(i -> {
            bounds.add(i.from());
            bounds.add(i.to());
        });
        Duration total = Duration.ZERO;
        Set<String> peers = new LinkedHashSet<>();
        Instant previous = null;
        for (Instant bound : bounds) {
            if (previous != null) {
                Instant from = previous;
                List<String> active = intervals.stream()
                        .filter(i -> !i.from().isAfter(from) && i.to().isAfter(from)).map(Interval::peer).distinct().toList();
                if (active.size() > 1) {
                    total = total.plus(Duration.between(from, bound));
                    peers.addAll(active);
                }
            }
            previous = bound;
        }
        return new Overlap(total, peers.stream().sorted().toList());
    }

    private static String mostCommon(List<String> names) {
        return names.stream().filter(Objects::nonNull)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** A span of time, and whose it is. */
    record Interval(Instant from, Instant to, String peer) {
    }

    record Overlap(Duration total, List<String> peers) {
    }
}
