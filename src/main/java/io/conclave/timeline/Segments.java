package io.conclave.timeline;

import io.conclave.timeline.Lane.DownSpan;
import io.conclave.timeline.Lane.FollowSpan;
import io.conclave.timeline.Lane.LeadSpan;
import io.conclave.timeline.Lane.ViewSpan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Cuts the recording into {@link Segment}s at every change on any lane, in one sweep (each lane's spans are
 * in time order and do not overlap), and merges runs of segments into the cluster-wide {@link Period}s.
 */
final class Segments {

    private Segments() {
    }

    static List<Segment> of(List<Lane> lanes, Instant start, Instant end) {
        TreeSet<Instant> bounds = new TreeSet<>(List.of(start, end));
        for (Lane lane : lanes) {
            lane.views().forEach(s -> add(bounds, s.from(), s.to()));
            lane.follows().forEach(s -> add(bounds, s.from(), s.to()));
            lane.leads().forEach(s -> add(bounds, s.from(), s.to()));
            lane.downs().forEach(s -> add(bounds, s.from(), s.to()));
        }
        List<Cursor<ViewSpan>> views = lanes.stream().map(l -> new Cursor<>(l.views(), ViewSpan::from, ViewSpan::to)).toList();
        List<Cursor<FollowSpan>> follows = lanes.stream().map(l -> new Cursor<>(l.follows(), FollowSpan::from, FollowSpan::to)).toList();
        List<Cursor<LeadSpan>> leads = lanes.stream().map(l -> new Cursor<>(l.leads(), LeadSpan::from, LeadSpan::to)).toList();
        List<Cursor<DownSpan>> downs = lanes.stream().map(l -> new Cursor<>(
                l.downs().stream().filter(d -> d.state() != PeerState.PAUSED).toList(), DownSpan::from, DownSpan::to)).toList();
        Set<String> peers = new TreeSet<>(lanes.stream().map(Lane::peer).toList());
        List<Segment> segments = new ArrayList<>();
        Instant previous = null;
        for (Instant bound : bounds) {
            if (previous != null) {
                Set<String> live = new TreeSet<>();
                Set<String> leading = new TreeSet<>();
                for (int i = 0; i < lanes.size(); i++) {
                    if (views.get(i).at(previous) != null && downs.get(i).at(previous) == null) {
                        live.add(lanes.get(i).peer());
                    }
                    if (leads.get(i).at(previous) != null) {
                        leading.add(lanes.get(i).peer());
                    }
                }
                Set<String> named = new TreeSet<>();
                for (int i = 0; i < lanes.size(); i++) {
                    FollowSpan follow = follows.get(i).at(previous);
                    if (follow != null && follow.leader() != null && live.contains(lanes.get(i).peer())
                            && (live.contains(follow.leader()) || !peers.contains(follow.leader()))) {
                        named.add(follow.leader());
                    }
                }
                segments.add(new Segment(previous, bound, named, leading, live));
            }
            previous = bound;
        }
        return segments;
    }

    private static void add(TreeSet<Instant> bounds, Instant from, Instant to) {
        bounds.add(from);
        bounds.add(to);
    }

    /** Runs of segments that match {@code when}, merged, with the union of {@code leaders} of each run. */
    static List<Period> periods(List<Segment> segments, Predicate<Segment> when, Function<Segment, Set<String>> leaders) {
        List<Period> periods = new ArrayList<>();
        Instant from = null;
        Instant to = null;
        Set<String> names = new TreeSet<>();
        for (Segment s : segments) {
            if (when.test(s) && s.to().isAfter(s.from())) {
                if (from == null || !s.from().equals(to)) {
                    if (from != null) {
                        periods.add(new Period(from, to, List.copyOf(names)));
                    }
                    from = s.from();
                    names = new TreeSet<>();
                }
                to = s.to();
                names.addAll(leaders.apply(s));
            }
        }
        if (from != null) {
            periods.add(new Period(from, to, List.copyOf(names)));
        }
        return periods;
    }

    /** Runs of segments with the same value of {@code key}, end to end. */
    static List<Period> runs(List<Segment> segments, Function<Segment, Set<String>> key) {
        List<Period> runs = new ArrayList<>();
        for (Segment s : segments) {
            if (!s.to().isAfter(s.from())) {
                continue;
            }
            Period last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last.leaders().equals(List.copyOf(key.apply(s)))) {
                runs.set(runs.size() - 1, new Period(last.from(), s.to(), last.leaders()));
            } else {
                runs.add(new Period(s.from(), s.to(), List.copyOf(key.apply(s))));
            }
        }
        return runs;
    }

    /** The segment holding {@code t} (the last one for the end). */
    static Segment at(List<Segment> segments, Instant t) {
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (segments.get(mid).from().isAfter(t)) {
                hi = mid - 1;
            } else {
                lo = mid;
            }
        }
        return segments.get(lo);
    }

    /** Walks one lane's spans forward in time: the span active at each (non-decreasing) instant asked. */
    private static final class Cursor<S> {
        private final List<S> spans;
        private final Function<S, Instant> from;
        private final Function<S, Instant> to;
        private int next;

        Cursor(List<S> spans, Function<S, Instant> from, Function<S, Instant> to) {
            this.spans = spans;
            this.from = from;
            this.to = to;
        }

        S at(Instant t) {
            while (next < spans.size() && !to.apply(spans.get(next)).isAfter(t)) {
                next++;
            }
            return next < spans.size() && !from.apply(spans.get(next)).isAfter(t) ? spans.get(next) : null;
        }
    }
}
