package io.conclave.timeline;

import io.conclave.election.ElectionEvent;
import io.conclave.election.Mode;
import io.conclave.election.ViewInfo;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns recorded lines back into the events they were written from (the inverse of
 * {@code EventFormat.fields} and {@code LabEvent.fields}), so the lab's merge analysis can read a recording.
 * Unknown types give nothing; unknown fields are ignored.
 */
final class EventDecoder {

    private EventDecoder() {
    }

    static Optional<ElectionEvent> event(Recorded r) {
        if (r.peer() == null || r.type() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (r.type()) {
            case "view" -> new ElectionEvent.ViewChanged(r.ts(), r.peer(), view(r.text("view"), r.names("members")));
            case "merge" -> new ElectionEvent.Merged(r.ts(), r.peer(), view(r.text("view"), r.names("members")),
                    subgroups(r), r.text("leader_before"), r.text("leader_after"), r.number("epoch_before"), r.number("epoch_after"));
            case "leader" -> new ElectionEvent.LeaderChanged(r.ts(), r.peer(), mode(r.text("mode")), r.text("previous"),
                    r.text("leader"), r.number("epoch"), r.text("reason"));
            case "leadership" -> "gained".equals(r.text("state"))
                    ? new ElectionEvent.LeadershipGained(r.ts(), r.peer(), r.number("epoch"))
                    : new ElectionEvent.LeadershipLost(r.ts(), r.peer(), r.number("epoch"), r.text("leader"));
            case "suspect" -> new ElectionEvent.MemberSuspected(r.ts(), r.peer(), r.text("member"));
            case "notice" -> noticeKind(r.text("kind")).map(kind -> new ElectionEvent.Notice(r.ts(), r.peer(), kind, r.text("message")))
                    .orElse(null);
            default -> null;
        });
    }

    static Optional<LabEvent> fault(Recorded r) {
        return "fault".equals(r.type()) && r.text("action") != null
                ? Optional.of(new LabEvent(r.ts(), r.text("action"), r.names("peers"), r.text("detail") == null ? "" : r.text("detail")))
                : Optional.empty();
    }

    /** "A|5" and its members; an id without a number counts as view 0 of that creator. */
    static ViewInfo view(String id, List<String> members) {
        String text = id == null ? "?" : id;
        int bar = text.lastIndexOf('|');
        long number = 0;
        if (bar >= 0) {
            try {
                number = Long.parseLong(text.substring(bar + 1));
            } catch (NumberFormatException e) {
                // a foreign id: keep it whole as the creator
                return new ViewInfo(text, 0, members);
            }
        }
        return new ViewInfo(bar < 0 ? text : text.substring(0, bar), number, members);
    }

    private static List<ElectionEvent.Subgroup> subgroups(Recorded r) {
        if (!(r.fields().get("subgroups") instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(Map.class::isInstance).map(Map.class::cast).map(side -> {
            Object members = side.get("members");
            List<String> names = members instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
            Object leader = side.get("leader");
            return new ElectionEvent.Subgroup(view(String.valueOf(side.get("view")), names), leader == null ? null : String.valueOf(leader));
        }).toList();
    }

    /** The kind a notice's label names; empty for a label this version does not know. */
    private static Optional<ElectionEvent.Notice.Kind> noticeKind(String label) {
        return Arrays.stream(ElectionEvent.Notice.Kind.values()).filter(k -> k.label().equals(label)).findFirst();
    }

    private static Mode mode(String label) {
        return label != null && label.toLowerCase(Locale.ROOT).startsWith("raft") ? Mode.RAFT : Mode.COORDINATOR;
    }
}
