package io.conclave.lab;

import io.conclave.election.Mode;
import io.conclave.agreement.Census;
import io.conclave.agreement.PeerSnapshot;
import io.conclave.shell.Report;
import io.conclave.shell.Style;
import io.conclave.shell.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lab's {@code views}: one row per peer, then one line saying whether the live peers agree on a leader
 * ("SPLIT BRAIN: 2 leaders: A (A,B) and C (C,D,E)"), why sides without a leader have none, and which peers
 * keep a leader they cannot hear.
 */
public final class ViewsReport {

    private ViewsReport() {
    }

    public static Census census(List<PeerRow> rows) {
        return Census.of(snapshots(rows));
    }

    /** What each peer that is up says: the input of the census and of the agreement check. */
    public static List<PeerSnapshot> snapshots(List<PeerRow> rows) {
        return rows.stream().filter(PeerRow::up).map(r -> new PeerSnapshot(r.name(), r.view().members(),
                r.leadership().leader(), r.leadership().reason(), r.leadership().epoch())).toList();
    }

    public static Report of(List<PeerRow> rows, Mode mode, Style style) {
        Table table = new Table("PEER", "STATE", "VIEW", "MEMBERS", "LEADER", mode == Mode.RAFT ? "TERM" : "EPOCH", "ROLE");
        List<Object> json = new ArrayList<>();
        for (PeerRow row : rows) {
            String state = row.up() ? row.state().label() : style.yellow(row.state().label());
            if (!row.running()) {
                table.row(row.name(), state, "-", "-", "-", "-", "-");
            } else {
                String leader = row.leadership().leader() == null ? style.red("none")
                        : row.leaderUnreachable() ? row.leadership().leader() + " " + style.yellow("(unreachable " + seconds(row) + ")")
                        : row.leadership().leader();
                table.row(row.name(), state, row.view().id(), String.join(",", row.view().members()), leader,
                        row.leadership().epoch(), row.role());
            }
            json.add(fields(row));
        }
        Census census = census(rows);
        List<String> notes = new ArrayList<>();
        notes.add(census.splitBrain() ? style.red(census.headline()) : census.headline());
        Map<String, List<String>> unreachable = new LinkedHashMap<>();
        rows.stream().filter(r -> r.up() && r.leaderUnreachable())
                .forEach(r -> unreachable.computeIfAbsent(r.silence().leader(), k -> new ArrayList<>()).add(r.name()));
        unreachable.forEach((leader, peers) -> notes.add(style.yellow(String.join(",", peers)
                + (peers.size() == 1 ? " still names " : " still name ") + leader
                + " leader but cannot hear it: the view lies")));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("peers", json);
        result.put("leaders", census.leaders());
        result.put("leaderless", census.leaderless());
        result.put("split_brain", census.splitBrain());
        return new Report(table + "\n" + String.join("\n", notes), result);
    }

    private static String seconds(PeerRow row) {
        return String.format(Locale.ROOT, "%.1f s", row.silence().silent().toMillis() / 1000.0);
    }

    private static Map<String, Object> fields(PeerRow row) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peer", row.name());
        m.put("state", row.state().label());
        if (row.running()) {
            m.put("view", row.view().id());
            m.put("members", row.view().members());
            m.put("leader", row.leadership().leader());
            m.put("reason", row.leadership().reason());
            m.put("epoch", row.leadership().epoch());
            m.put("token", row.leadership().token());
            m.put("role", row.role());
            if (row.silence() != null) {
                m.put("leader_silent_ms", row.silence().silent().toMillis());
                m.put("leader_unreachable", row.silence().unreachable());
            }
        }
        return m;
    }
}
