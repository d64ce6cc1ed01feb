package io.conclave.shell;

import io.conclave.election.ElectionEvent;
import io.conclave.election.ElectionEvent.LeaderChanged;
import io.conclave.election.ElectionEvent.LeadershipGained;
import io.conclave.election.ElectionEvent.LeadershipLost;
import io.conclave.election.ElectionEvent.MemberSuspected;
import io.conclave.election.ElectionEvent.Merged;
import io.conclave.election.ElectionEvent.Notice;
import io.conclave.election.ElectionEvent.Subgroup;
import io.conclave.election.ElectionEvent.ViewChanged;
import io.conclave.election.ViewInfo;
import io.conclave.json.Json;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders events as one line of text for people or one JSON object for tools (the README documents the schema). */
public final class EventFormat {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private EventFormat() {
    }

    public static String clock(Instant ts) {
        return CLOCK.format(ts);
    }

    public static String text(ElectionEvent event, Style style) {
        return style.dim(clock(event.ts())) + " " + describe(event, style);
    }

    /** The event without its time stamp. */
    public static String describe(ElectionEvent event, Style style) {
        if (event instanceof ViewChanged e) {
            return "view " + e.view().id() + ": " + String.join(", ", e.view().members())
                    + " (coordinator " + e.view().coordinator() + ")";
        }
        if (event instanceof Merged e) {
            String sides = e.subgroups().stream().map(EventFormat::side).collect(Collectors.joining(" + "));
            String outcome = e.leaderChanged()
                    ? "leader now " + orNone(e.leaderAfter()) + " (was " + orNone(e.leaderBefore()) + ")"
                    : "leader unchanged: " + orNone(e.leaderAfter());
            if (e.epochAfter() != e.epochBefore()) {
                outcome += ", epoch " + e.epochBefore() + " -> " + e.epochAfter();
            }
            return style.cyan("merge") + " into " + e.view().id() + ": " + sides + "; " + outcome;
        }
        if (event instanceof LeaderChanged e) {
            if (e.newLeader() == null) {
                return style.red("no leader") + " (" + e.reason() + ")";
            }
            return style.bold("leader " + e.newLeader()) + " (" + e.mode().label() + ", epoch " + e.epoch()
                    + (e.oldLeader() == null ? "" : ", was " + e.oldLeader()) + ")";
        }
        if (event instanceof LeadershipGained e) {
            return style.green("this peer is now the leader") + " (epoch " + e.epoch() + ")";
        }
        if (event instanceof LeadershipLost e) {
            return style.yellow("this peer is no longer the leader") + " (leader now " + orNone(e.newLeader()) + ")";
        }
        if (event instanceof MemberSuspected e) {
            return style.yellow("suspect " + e.member()) + " (failure detection)";
        }
        if (event instanceof Notice e) {
            return e.kind().equals("alone") ? style.yellow(e.message()) : style.yellow(e.kind()) + " " + e.message();
        }
        return event.toString();
    }

    private static String side(Subgroup subgroup) {
        return String.join(",", subgroup.view().members()) + " [" + subgroup.view().id() + ", leader "
                + orNone(subgroup.leader()) + "]";
    }

    private static String orNone(String leader) {
        return leader == null ? "none" : leader;
    }

    public static String json(ElectionEvent event) {
        return Json.write(fields(event));
    }

    /** The event as JSON fields: ts, peer, type, then the type's own fields. */
    public static Map<String, Object> fields(ElectionEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ts", event.ts().toString());
        m.put("peer", event.peer());
        if (event instanceof ViewChanged e) {
            m.put("type", "view");
            putView(m, e.view());
        } else if (event instanceof Merged e) {
            m.put("type", "merge");
            putView(m, e.view());
            m.put("subgroups", e.subgroups().stream().map(s -> {
                Map<String, Object> side = new LinkedHashMap<>();
                side.put("view", s.view().id());
                side.put("members", s.view().members());
                side.put("leader", s.leader());
                return side;
            }).toList());
            m.put("leader_before", e.leaderBefore());
            m.put("leader_after", e.leaderAfter());
            m.put("epoch_before", e.epochBefore());
            m.put("epoch_after", e.epochAfter());
        } else if (event instanceof LeaderChanged e) {
            m.put("type", "leader");
            m.put("mode", e.mode().label());
            m.put("leader", e.newLeader());
            m.put("epoch", e.epoch());
            m.put("previous", e.oldLeader());
            if (e.newLeader() == null) {
                m.put("reason", e.reason());
            }
        } else if (event instanceof LeadershipGained e) {
            m.put("type", "leadership");
            m.put("state", "gained");
            m.put("epoch", e.epoch());
        } else if (event instanceof LeadershipLost e) {
            m.put("type", "leadership");
            m.put("state", "lost");
            m.put("epoch", e.epoch());
            m.put("leader", e.newLeader());
        } else if (event instanceof MemberSuspected e) {
            m.put("type", "suspect");
            m.put("member", e.member());
        } else if (event instanceof Notice e) {
            m.put("type", "notice");
            m.put("kind", e.kind());
            m.put("message", e.message());
        }
        return m;
    }

    private static void putView(Map<String, Object> m, ViewInfo view) {
        m.put("view", view.id());
        m.put("members", List.copyOf(view.members()));
        m.put("coordinator", view.coordinator());
    }
}
