package io.conclave.lab;

import io.conclave.election.ElectionEvent;
import io.conclave.election.ElectionEvent.LeaderChanged;
import io.conclave.election.ElectionEvent.MemberSuspected;
import io.conclave.election.ElectionEvent.Notice;
import io.conclave.election.ElectionEvent.ViewChanged;
import io.conclave.shell.ConfigFlags;
import io.conclave.shell.EventFormat;
import io.conclave.shell.Style;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Turns a burst of events from many peers into a few lines: each view once with the peers that installed it,
 * each leader once with the peers that see it, each suspicion once. Five peers installing one view make
 * one line, not five. Notices are said once with the peers that had them. Merges are left to the merge
 * report; leadership gained or lost repeat the leader line.
 */
public final class EventDigest {

    private EventDigest() {
    }

    public static List<String> lines(List<ElectionEvent> burst, Style style) {
        List<Line> lines = new ArrayList<>();
        group(burst, ViewChanged.class, e -> e.view().id(), (first, peers) ->
                "view " + first.view().id() + ": " + String.join(",", first.view().members())
                        + (peers.equals(new TreeSet<>(first.view().members())) ? "" : "  (on " + String.join(",", peers) + ")"), lines);
        group(burst, LeaderChanged.class, e -> e.newLeader() + "|" + e.reason(), (first, peers) -> first.newLeader() == null
                ? style.red("no leader") + " on " + String.join(",", peers) + ": " + first.reason()
                : style.bold("leader " + first.newLeader()) + " (epoch " + first.epoch() + ") on " + String.join(",", peers), lines);
        suspicions(burst, style, lines);
        group(burst, Notice.class, e -> e.kind() + "|" + e.message(), (first, peers) ->
                String.join(",", peers) + ": " + style.yellow(ConfigFlags.inFlags(first.message())), lines);
        return lines.stream().sorted(Comparator.comparing(Line::ts))
                .map(l -> style.dim(EventFormat.clock(l.ts())) + " " + l.text()).toList();
    }

    private static <E extends ElectionEvent> void group(List<ElectionEvent> burst, Class<E> type, Function<E, String> key,
                                                        BiFunction<E, TreeSet<String>, String> text, List<Line> out) {
        Map<String, List<E>> groups = new LinkedHashMap<>();
        burst.stream().filter(type::isInstance).map(type::cast)
                .forEach(e -> groups.computeIfAbsent(key.apply(e), k -> new ArrayList<>()).add(e));
        groups.values().forEach(events -> {
            TreeSet<String> peers = new TreeSet<>(events.stream().map(ElectionEvent::peer).toList());
            out.add(new Line(events.get(0).ts(), text.apply(events.get(0), peers)));
        });
    }

    /** "C,D,E suspect A,B": peers grouped by the members they suspect. */
    private static void suspicions(List<ElectionEvent> burst, Style style, List<Line> out) {
        Map<String, TreeSet<String>> suspectsBy = new LinkedHashMap<>();
        Map<String, Instant> firstSeen = new LinkedHashMap<>();
        burst.stream().filter(MemberSuspected.class::isInstance).map(MemberSuspected.class::cast).forEach(e -> {
            suspectsBy.computeIfAbsent(e.peer(), k -> new TreeSet<>()).add(e.member());
            firstSeen.putIfAbsent(e.peer(), e.ts());
        });
        Map<TreeSet<String>, TreeSet<String>> bySuspects = new LinkedHashMap<>();
        suspectsBy.forEach((peer, suspects) -> bySuspects.computeIfAbsent(suspects, k -> new TreeSet<>()).add(peer));
        bySuspects.forEach((suspects, peers) -> out.add(new Line(firstSeen.get(peers.first()),
                String.join(",", peers) + " " + style.yellow((peers.size() == 1 ? "suspects " : "suspect ") + String.join(",", suspects))
                        + " (failure detection)")));
    }

    private record Line(Instant ts, String text) {
    }
}
