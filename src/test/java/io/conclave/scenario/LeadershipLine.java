package io.conclave.scenario;

import io.conclave.election.Leadership;

/** How a scenario writes a {@link Leadership}: {@code leader A epoch 3}, or {@code none epoch 3 "why"}. */
final class LeadershipLine {

    private LeadershipLine() {
    }

    static String of(Leadership leadership) {
        return leadership.hasLeader() ? "leader " + leadership.leader() + " epoch " + leadership.epoch()
                : "none epoch " + leadership.epoch() + " \"" + leadership.reason() + "\"";
    }
}
