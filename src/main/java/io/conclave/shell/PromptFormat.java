package io.conclave.shell;

import io.conclave.election.LeaderSilence;
import io.conclave.election.Leadership;
import io.conclave.election.Mode;
import io.conclave.election.Peer;
import io.conclave.json.PeerJson;

import java.util.Optional;

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
        String silence = unreachable(peer).map(s -> ", " + style.yellow(s.describe())).orElse("");
        return style.bold(peer.name()) + " (" + coloured + term + silence + ", " + size + (size == 1 ? " member" : " members") + ")> ";
    }

    /** The silence of the leader this peer sees, when it has lasted longer than failure detection allows. */
    public static Optional<LeaderSilence> unreachable(Peer peer) {
        return peer.leaderSilence().filter(LeaderSilence::unreachable);
    }

    /** "leader", "follower of A", or "no leader". */
    public static String role(Peer peer) {
        return PeerJson.role(peer);
    }
}
