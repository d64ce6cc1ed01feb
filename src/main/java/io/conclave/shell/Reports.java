package io.conclave.shell;

import io.conclave.election.ElectionEvent;
import io.conclave.election.LeaderSilence;
import io.conclave.election.Leadership;
import io.conclave.election.MemberInfo;
import io.conclave.election.Mode;
import io.conclave.election.Peer;
import io.conclave.election.Role;
import io.conclave.election.StackInfo;
import io.conclave.election.ViewInfo;
import io.conclave.json.PeerJson;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The peer shell's queries, each as text and as JSON. */
public final class Reports {

    private Reports() {
    }

    public static Report view(Peer peer, Style style) {
        ViewInfo view = peer.view();
        String leader = peer.leadership().leader();
        StringBuilder text = new StringBuilder("view " + view.id() + " (" + view.size() + (view.size() == 1 ? " member)" : " members)"));
        for (int i = 0; i < view.members().size(); i++) {
            String member = view.members().get(i);
            List<String> marks = new ArrayList<>();
            if (i == 0) {
                marks.add("coordinator");
            }
            if (member.equals(leader)) {
                marks.add(style.green("leader"));
            }
            if (member.equals(peer.name())) {
                marks.add("this peer");
            }
            text.append('\n').append(String.format("%3d. %s", i + 1, member))
                    .append(marks.isEmpty() ? "" : "  " + String.join(", ", marks));
        }
        return new Report(text.toString(), PeerJson.view(peer));
    }

    public static Report members(Peer peer, Style style) {
        Table table = new Table("NAME", "ROLE", "ADDRESS");
        for (MemberInfo m : peer.members()) {
            String role = m.role() == Role.LEADER ? style.green(m.role().label()) : m.role().label();
            table.row(m.name() + (m.self() ? " *" : ""), role, m.address());
        }
        return new Report(table + "\n(* this peer)", PeerJson.members(peer));
    }

    public static Report leader(Peer peer, Style style) {
        Leadership l = peer.leadership();
        Duration held = Duration.between(l.since(), Instant.now());
        String who = l.hasLeader()
                ? style.bold(l.leader()) + (l.leader().equals(peer.name()) ? " (this peer)" : "")
                : style.red("none") + ": " + l.reason();
        Optional<LeaderSilence> silence = peer.leaderSilence();
        String text = "leader  " + who
                + "\nmode    " + l.mode().label() + " (" + guarantee(peer) + ")"
                + "\nepoch   " + l.epoch() + (l.hasLeader() ? "  token " + l.token() : "")
                + "\nsince   " + EventFormat.clock(l.since()) + " (" + ago(held) + ")"
                + silence.map(s -> "\nheard   " + ago(s.silent()) + (s.unreachable()
                        ? ": " + style.yellow(s.describe()) + " (failure detection allows " + seconds(s.limit())
                        + "); the view may still name it" : "")).orElse("");
        return new Report(text, PeerJson.leader(peer));
    }

    /** What the mode promises about leadership, in a few words. */
    static String guarantee(Peer peer) {
        return peer.exclusiveLeadership() ? "exclusive: leased, never two leaders at once"
                : "not exclusive: each side of a split has its own leader";
    }

    public static Report history(Peer peer, int limit, Style style) {
        List<ElectionEvent> events = peer.history();
        List<ElectionEvent> last = events.subList(Math.max(0, events.size() - limit), events.size());
        String text = last.isEmpty() ? "no events yet"
                : String.join("\n", last.stream().map(e -> EventFormat.text(e, style)).toList());
        return new Report(text, last.stream().map(EventFormat::fields).toList());
    }

    public static Report merges(Peer peer, Style style) {
        List<ElectionEvent.Merged> merges = peer.merges();
        String text = merges.isEmpty() ? "no merges seen"
                : String.join("\n", merges.stream().map(m -> EventFormat.text(m, style)).toList());
        return new Report(text, merges.stream().map(EventFormat::fields).toList());
    }

    public static Report stack(Peer peer) {
        StackInfo stack = peer.stack();
        StringBuilder text = new StringBuilder("stack   " + stack.origin()
                + "\nabout   " + stack.description()
                + "\nmode    " + stack.mode().label()
                + "\nlayers  " + String.join(" > ", stack.protocols()) + "  (bottom to top)");
        Table timings = new Table("PROTOCOL", "SETTING", "VALUE");
        stack.timings().forEach(s -> timings.row(s.protocol(), s.name(), s.value()));
        text.append("\n\n").append(timings);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stack", stack.origin());
        json.put("description", stack.description());
        json.put("mode", stack.mode().label());
        json.put("protocols", stack.protocols());
        json.put("timings", stack.timings().stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("protocol", s.protocol());
            m.put("name", s.name());
            m.put("value", s.value());
            return m;
        }).toList());
        return new Report(text.toString(), json);
    }

    public static Report status(ShellSession session) {
        Peer peer = session.peer();
        Leadership l = peer.leadership();
        ViewInfo view = peer.view();
        String leader = l.hasLeader() ? l.leader() : "none (" + l.reason() + ")";
        String text = "peer     " + peer.name()
                + "\ncluster  " + peer.cluster()
                + "\nmode     " + peer.mode().label() + " (" + guarantee(peer) + ")"
                + "\nrole     " + PromptFormat.role(peer)
                + "\nleader   " + leader
                + (peer.mode() == Mode.RAFT ? "\nterm     " : "\nepoch    ") + l.epoch()
                + "\nview     " + view.id() + " (" + view.size() + (view.size() == 1 ? " member)" : " members)")
                + "\nstack    " + peer.stack().origin()
                + "\nevents   " + (session.eventsOn() ? "on" : "off");
        Map<String, Object> json = new LinkedHashMap<>(PeerJson.status(peer));
        json.put("events", session.eventsOn());
        return new Report(text, json);
    }

    /** The last error in full, for {@code stacktrace}. */
    public static String stacktrace(Throwable error) {
        if (error == null) {
            return "no error so far";
        }
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        return trace.toString().stripTrailing();
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    static String ago(Duration d) {
        long ms = Math.max(0, d.toMillis());
        return ms < 60_000 ? String.format("%.1f s ago", ms / 1000.0)
                : ms < 3_600_000 ? (ms / 60_000) + " min ago" : (ms / 3_600_000) + " h ago";
    }
}
