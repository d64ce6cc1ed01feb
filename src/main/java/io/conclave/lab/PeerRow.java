package io.conclave.lab;

import io.conclave.election.LeaderSilence;
import io.conclave.election.Leadership;
import io.conclave.election.ViewInfo;
import io.conclave.timeline.PeerState;

/**
 * What one lab peer believes at one moment, or that it is down (then view, leadership and role are null).
 *
 * @param role    "leader", "follower", "learner", or "-" when it sees no leader
 * @param silence how long it has not heard from its leader, or null when that does not apply
 */
public record PeerRow(String name, PeerState state, ViewInfo view, Leadership leadership, String role, LeaderSilence silence) {

    public static PeerRow down(String name, PeerState state) {
        return new PeerRow(name, state, null, null, null, null);
    }

    public boolean up() {
        return state == PeerState.UP;
    }

    public boolean running() {
        return leadership != null;
    }

    public boolean leaderUnreachable() {
        return silence != null && silence.unreachable();
    }
}
