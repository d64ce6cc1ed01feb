package io.conclave.shell;

import io.conclave.election.RaftStatus;
import io.conclave.election.Role;
import io.conclave.json.PeerJson;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The raft-mode queries, each as text and as JSON. */
public final class RaftReports {

    private RaftReports() {
    }

    public static Report status(RaftStatus s, Style style) {
        String majority = s.majority() + " of " + s.votingMembers().size() + " (" + s.reachable() + " reachable)";
        Table table = new Table("role", s.role() == Role.LEADER ? style.green(s.role().label()) : s.role().label())
                .row("term", s.term())
                .row("leader", s.leader() == null ? style.red("none") : s.leader())
                .row("commit index", s.commitIndex())
                .row("last applied", s.lastApplied())
                .row("last appended", s.lastAppended())
                .row("log size", s.logSize() + (s.logSize() == 1 ? " entry" : " entries"))
                .row("voting members", String.join(", ", s.votingMembers()))
                .row("majority", s.hasMajority() ? majority : style.red(majority));
        return new Report(table.toString(), PeerJson.raft(s));
    }

    public static Report value(String key, String value, boolean stale) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", key);
        json.put("value", value);
        json.put("found", value != null);
        json.put("stale", stale);
        return new Report(value == null ? "(none)" : value, json);
    }

    public static Report keys(List<String> keys) {
        return new Report(keys.isEmpty() ? "(no keys)" : String.join("\n", keys), keys);
    }
}
