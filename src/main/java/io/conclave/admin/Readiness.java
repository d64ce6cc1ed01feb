package io.conclave.admin;

import io.conclave.election.Leadership;
import io.conclave.election.LeaderSilence;
import io.conclave.election.Mode;
import io.conclave.election.Peer;
import io.conclave.election.RaftStatus;

import java.util.Optional;

/**
 * What the health endpoints answer. {@code /ready} asks for a view and, where leadership needs a majority
 * (raft mode, or a stack with QUORUM), a leader this peer can hear from: a peer on a minority side is not
 * ready. In plain coordinator mode every side has a leader by design, so a view is enough.
 *
 * @param ok     200 if true, 503 if not
 * @param reason why not (null when ok)
 */
record Readiness(boolean ok, String reason) {

    static final Readiness OK = new Readiness(true, null);

    static Readiness health(boolean connected) {
        return connected ? OK : new Readiness(false, "not connected to the cluster");
    }

    static Readiness ready(Peer peer, boolean connected) {
        if (!connected) {
            return health(false);
        }
        if (peer.view() == null || peer.view().size() == 0) {
            return new Readiness(false, "no view yet");
        }
        if (!needsMajority(peer)) {
            return OK;
        }
        Optional<RaftStatus> raft = peer.raftStatus();
        if (raft.isPresent() && !raft.get().hasMajority()) {
            RaftStatus s = raft.get();
            return new Readiness(false, "no majority: " + s.reachable() + " of " + s.votingMembers().size()
                    + " voting members reachable (" + s.majority() + " needed)");
        }
        Leadership l = peer.leadership();
        if (!l.hasLeader()) {
            return new Readiness(false, "no leader" + (l.reason() == null ? "" : ": " + l.reason()));
        }
        return peer.leaderSilence().filter(LeaderSilence::unreachable)
                .map(s -> new Readiness(false, s.describe())).orElse(OK);
    }

    static Readiness leader(Peer peer) {
        if (peer.isLeader()) {
            return OK;
        }
        String leader = peer.leadership().leader();
        return new Readiness(false, leader == null ? "no leader" : "this peer is not the leader; " + leader + " is");
    }

    /** Raft mode, or a coordinator stack with QUORUM: leadership needs a majority of the declared size. */
    static boolean needsMajority(Peer peer) {
        return peer.mode() == Mode.RAFT || peer.stack().protocols().contains("QUORUM");
    }
}
