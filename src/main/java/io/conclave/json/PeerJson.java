package io.conclave.json;

import io.conclave.election.ElectionEvent;
import io.conclave.election.ElectionEvent.LeaderChanged;
import io.conclave.election.ElectionEvent.LeadershipGained;
import io.conclave.election.ElectionEvent.LeadershipLost;
import io.conclave.election.ElectionEvent.MemberSuspected;
import io.conclave.election.ElectionEvent.Merged;
import io.conclave.election.ElectionEvent.Notice;
import io.conclave.election.ElectionEvent.ViewChanged;
import io.conclave.election.Leadership;
import io.conclave.election.MemberInfo;
import io.conclave.election.Mode;
import io.conclave.election.Peer;
import io.conclave.election.RaftStatus;
import io.conclave.election.ViewInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a peer shows tools, as JSON-able maps: the shell's {@code -o json} and the admin endpoint give the
 * same shapes, and the event fields are the schema the README documents.
 */
public final class PeerJson {

    private PeerJson() {
    }

    /** "leader", "follower of A", or "no leader". */
    public static String role(Peer peer) {
        Leadership l = peer.leadership();
        if (l.leader() == null) {
            return "no leader";
        }
        return peer.isLeader() ? "leader" : "follower of " + l.leader();
    }

    public static Map<String, Object> status(Peer peer) {
        Leadership l = peer.leadership();
        ViewInfo view = peer.view();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("peer", peer.name());
        json.put("cluster", peer.cluster());
        json.put("mode", peer.mode().label());
        json.put("exclusive", peer.exclusiveLeadership());
        json.put("role", role(peer));
        json.put("leader", l.leader());
        json.put("reason", l.reason());
        json.put("epoch", l.epoch());
        if (peer.mode() == Mode.RAFT) {
            json.put("term", l.epoch());
        }
        json.put("view", view.id());
        json.put("members", view.members());
        json.put("stack", peer.stack().origin());
        return json;
    }

    public static Map<String, Object> view(Peer peer) {
        ViewInfo view = peer.view();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("view", view.id());
        json.put("members", view.members());
        json.put("coordinator", view.coordinator());
        json.put("self", peer.name());
        return json;
    }

    public static List<Object> members(Peer peer) {
        return peer.members().stream().map(PeerJson::member).toList();
    }

    private static Object member(MemberInfo m) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", m.name());
        row.put("role", m.role().label());
        row.put("address", m.address());
        row.put("self", m.self());
        return row;
    }

    /** The leadership as this peer sees it, with how long ago it last heard from that leader where it can tell. */
    public static Map<String, Object> leader(Peer peer) {
        Leadership l = peer.leadership();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("leader", l.leader());
        json.put("mode", l.mode().label());
        json.put("exclusive", peer.exclusiveLeadership());
        json.put("epoch", l.epoch());
        json.put("token", l.token());
        json.put("since", l.since().toString());
        json.put("reason", l.reason());
        json.put("self", peer.name());
        peer.leaderSilence().ifPresent(s -> {
            json.put("last_heard_ms", s.silent().toMillis());
            json.put("unreachable", s.unreachable());
        });
        return json;
    }

    public static Map<String, Object> raft(RaftStatus s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("role", s.role().label());
        json.put("term", s.term());
        json.put("leader", s.leader());
        json.put("commit_index", s.commitIndex());
        json.put("last_applied", s.lastApplied());
        json.put("last_appended", s.lastAppended());
        json.put("log_size", s.logSize());
        json.put("voting_members", s.votingMembers());
        json.put("majority", s.majority());
        json.put("reachable", s.reachable());
        return json;
    }

    /** The event as JSON fields: ts, peer, type, then the type's own fields (the schema in the README). */
    public static Map<String, Object> event(ElectionEvent event) {
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
            m.put("kind", e.kind().label());
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
