package io.conclave.timeline;

import io.conclave.json.Json;
import io.conclave.lab.LabNames;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A long, busy lab recording for measuring the page, in the lab's record format: N peers, and every minute a
 * partition and its merge, a crash and a restart, and a paused leader, with the views, leaders, suspicions
 * and merges a coordinator-mode cluster reports (the timings of the bundled udp stack). Not a real run: real
 * runs of this size are what the lab cannot hold on a 2-core box, and the model does not care who wrote it.
 */
final class SyntheticRecording {

    private final Random random = new Random(42);
    private final List<String> peers = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final Map<String, String> leaderOf = new HashMap<>();
    private final Map<String, String> viewOf = new HashMap<>();
    private final Map<String, List<String>> membersOf = new HashMap<>();
    private long viewNumber;

    static List<String> lines(int size, Duration length) {
        return new SyntheticRecording(size).run(length);
    }

    private SyntheticRecording(int size) {
        peers.addAll(LabNames.first(size));
    }

    private List<String> run(Duration length) {
        Instant t0 = Instant.parse("2026-01-01T10:00:00Z");
        header(t0);
        for (int i = 0; i < peers.size(); i++) {
            install(t0.plusMillis(100L * i), peers.subList(0, i + 1), null);
        }
        for (Instant cycle = t0.plusSeconds(5); cycle.isBefore(t0.plus(length).minusSeconds(55)); cycle = cycle.plusSeconds(60)) {
            List<String> all = List.copyOf(peers);
            int cut = 3 + random.nextInt(all.size() - 6);
            List<String> left = all.subList(0, cut);
            List<String> right = all.subList(cut, all.size());
            fault(cycle, "partition", all, String.join(",", left) + " / " + String.join(",", right));
            suspects(cycle.plusMillis(2_350), left, right);
            suspects(cycle.plusMillis(2_350), right, left);
            install(cycle.plusMillis(2_400), left, null);
            install(cycle.plusMillis(2_420), right, null);
            fault(cycle.plusSeconds(10), "heal", List.of(), "none");
            List<String> larger = left.size() >= right.size() ? left : right;
            List<String> merged = new ArrayList<>(larger);
            merged.addAll(larger == left ? right : left);
            install(cycle.plusMillis(11_600), merged, List.of(left, right));

            String victim = merged.get(merged.size() - 1);
            fault(cycle.plusSeconds(20), "kill", List.of(victim), "");
            List<String> survivors = merged.subList(0, merged.size() - 1);
            suspects(cycle.plusMillis(20_050), survivors, List.of(victim));
            install(cycle.plusMillis(20_080), survivors, null);
            fault(cycle.plusSeconds(30), "start", List.of(victim), "");
            install(cycle.plusMillis(30_100), merged, null);

            String leader = merged.get(0);
            fault(cycle.plusSeconds(40), "pause", List.of(leader), "5.0 s");
            List<String> rest = merged.subList(1, merged.size());
            suspects(cycle.plusMillis(42_350), rest, List.of(leader));
            install(cycle.plusMillis(42_400), rest, null);
            fault(cycle.plusSeconds(45), "resume", List.of(leader), "");
            List<String> back = new ArrayList<>(rest);
            back.add(leader);
            install(cycle.plusMillis(47_000), back, List.of(rest, List.of(leader)));
        }
        return lines;
    }

    /** Every member installs the view of {@code members} (a merge view when {@code sides} are given). */
    private void install(Instant at, List<String> members, List<List<String>> sides) {
        String coordinator = members.get(0);
        String view = coordinator + "|" + (++viewNumber);
        List<Map<String, Object>> subgroups = new ArrayList<>();
        if (sides != null) {
            for (List<String> side : sides) {
                Map<String, Object> group = new LinkedHashMap<>();
                group.put("view", viewOf.get(side.get(0)));
                group.put("members", membersOf.get(side.get(0)));
                group.put("leader", leaderOf.get(side.get(0)));
                subgroups.add(group);
            }
        }
        for (int i = 0; i < members.size(); i++) {
            String peer = members.get(i);
            Instant ts = at.plusMillis(i / 3);
            String before = leaderOf.get(peer);
            event(ts, peer, "view", "view", view, "members", members, "coordinator", coordinator);
            if (!coordinator.equals(before)) {
                event(ts, peer, "leader", "mode", "coordinator", "leader", coordinator, "epoch", viewNumber, "previous", before);
                if (peer.equals(coordinator)) {
                    event(ts, peer, "leadership", "state", "gained", "epoch", viewNumber);
                } else if (peer.equals(before)) {
                    event(ts, peer, "leadership", "state", "lost", "epoch", viewNumber, "leader", coordinator);
                }
            }
            if (sides != null) {
                event(ts.plusMillis(1), peer, "merge", "view", view, "members", members, "coordinator", coordinator,
                        "subgroups", subgroups, "leader_before", before, "leader_after", coordinator,
                        "epoch_before", viewNumber - 1, "epoch_after", viewNumber);
            }
            leaderOf.put(peer, coordinator);
            viewOf.put(peer, view);
            membersOf.put(peer, members);
        }
    }

    /** Each peer of {@code by} suspects up to three of {@code lost}. */
    private void suspects(Instant at, List<String> by, List<String> lost) {
        for (String peer : by) {
            for (int i = 0; i < Math.min(3, lost.size()); i++) {
                event(at.plusMillis(i), peer, "suspect", "member", lost.get(i));
            }
        }
    }

    private void header(Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ts", at.toString());
        m.put("type", "recording");
        m.put("source", "synthetic");
        m.put("cluster", "synthetic-" + peers.size());
        m.put("stack", "udp");
        m.put("mode", "coordinator");
        m.put("peers", peers);
        lines.add(Json.write(m));
    }

    private void fault(Instant at, String action, List<String> names, String detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ts", at.toString());
        m.put("type", "fault");
        m.put("action", action);
        m.put("peers", names);
        m.put("detail", detail);
        lines.add(Json.write(m));
    }

    private void event(Instant ts, String peer, String type, Object... fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ts", ts.toString());
        m.put("peer", peer);
        m.put("type", type);
        for (int i = 0; i < fields.length; i += 2) {
            m.put((String) fields[i], fields[i + 1]);
        }
        lines.add(Json.write(m));
    }
}
