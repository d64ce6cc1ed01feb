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
import io.conclave.json.Json;
import io.conclave.json.PeerJson;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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
            // notices speak in config terms; whoever reads this started the peer with flags
            String message = ConfigFlags.inFlags(e.message());
            return e.kind() == Notice.Kind.ALONE ? style.yellow(message) : style.yellow(e.kind().label()) + " " + message;
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

    /** The event as JSON fields (see {@link PeerJson#event}). */
    public static Map<String, Object> fields(ElectionEvent event) {
        return PeerJson.event(event);
    }
}
