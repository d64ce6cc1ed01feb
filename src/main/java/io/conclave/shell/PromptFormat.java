package io.conclave.shell;

import io.conclave.election.Leadership;
import io.conclave.election.Mode;
import io.conclave.election.Peer;

/** The peer shell's prompt: the state at a glance, e.g. {@code A (leader, 3 members)> }. */
public final class PromptFormat {

    private PromptFormat() {
    }

    public static String prompt(Peer peer, Style style) {
        Leadership l = peer.leadership();
        int size = peer.view().size();
        String role = role(peer);
        String coloured = l.leader() == null ? style.red(role) : peer.isLeader() ? style.green(role) : role;
        String term = peer.mode() == Mode.RAFT ? ", term " + l.epoch() : "";
        return style.bold(peer.name()) + " (" + coloured + term + ", " + size + (size == 1 ? " member" : " members") + ")> ";
    }

    /** "leader", "follower of A", or "no leader". */
    public static String role(Peer peer) {
        Leadership l = peer.leadership();
        if (l.leader() == null) {
            return "no leader";
        }
        return peer.isLeader() ? "leader" : "follower of " + l.leader();
    }
}
