package io.conclave.agreement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one answer to "do these peers agree on one leader": either the leader they all name, or one line saying
 * why not, fit for a time-out message. A pure function of {@link PeerSnapshot}s, so the script engine, the
 * benches, the lab and the tests ask it alike, whatever their peers are.
 */
public sealed interface Agreement {

    /** Every peer names {@code leader}. */
    record Agreed(String leader) implements Agreement {
        @Override
        public Optional<String> agreedLeader() {
            return Optional.of(leader);
        }

        @Override
        public String describe() {
            return "all name " + leader;
        }
    }

    /** They do not agree, and {@code reason} says how: "C sees [C], not A,B,C; A (A,B) and C (C)". */
    record Disagreed(String reason) implements Agreement {
        @Override
        public Optional<String> agreedLeader() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return reason;
        }
    }

    /** The agreed leader; empty if they disagree. */
    Optional<String> agreedLeader();

    /** One line: the leader they agree on, or why they do not agree. */
    String describe();

    /**
     * Whether every one of {@code expected} gave a snapshot, has exactly the expected peers in its view, and
     * names the same leader: a cluster that has settled after a start, a fault or a heal.
     */
    static Agreement onLeaderAndView(Collection<String> expected, List<PeerSnapshot> snapshots) {
        Set<String> names = new LinkedHashSet<>(expected);
        List<String> problems = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>(names);
        snapshots.forEach(s -> missing.remove(s.name()));
        if (!missing.isEmpty()) {
            problems.add("no word from " + String.join(",", missing));
        }
        List<PeerSnapshot> present = snapshots.stream().filter(s -> names.contains(s.name())).toList();
        // peers sharing a wrong view are named together: a cold start of 100 peers has a handful of views, not 100
        Map<List<String>, List<String>> wrongViews = new LinkedHashMap<>();
        present.stream().filter(s -> !Set.copyOf(s.view()).equals(names))
                .forEach(s -> wrongViews.computeIfAbsent(s.view(), v -> new ArrayList<>()).add(s.name()));
        String all = listed(names);
        wrongViews.forEach((view, seers) -> problems.add(String.join(",", seers) + (seers.size() == 1 ? " sees " : " see ")
                + String.join(",", view) + ", not " + all));
        Agreement leaders = onLeader(present);
        if (problems.isEmpty()) {
            return leaders;
        }
        if (leaders instanceof Disagreed disagreed) {
            problems.add(disagreed.reason());
        }
        return new Disagreed(String.join("; ", problems));
    }

    /** Up to this many names are listed in full in a description; beyond, their number stands for them. */
    int LISTED_NAMES = 12;

    /** The names, or for more than {@link #LISTED_NAMES} of them, "all N" (what a reader can take in). */
    static String listed(Collection<String> names) {
        return names.size() <= LISTED_NAMES ? String.join(",", names) : "all " + names.size();
    }

    /** {@link #onLeaderAndView(Collection, List)} where the peers expected are those that gave a snapshot. */
    static Agreement onLeaderAndView(List<PeerSnapshot> snapshots) {
        return onLeaderAndView(snapshots.stream().map(PeerSnapshot::name).toList(), snapshots);
    }

    /**
     * Whether all the peers name the same leader, whatever their views (a side of a partition that has not
     * noticed a failure yet still agrees). No peers agree on nothing.
     */
    static Agreement onLeader(List<PeerSnapshot> snapshots) {
        Census census = Census.of(snapshots);
        return census.agreedLeader().<Agreement>map(Agreed::new).orElseGet(() -> new Disagreed(census.describe()));
    }
}
