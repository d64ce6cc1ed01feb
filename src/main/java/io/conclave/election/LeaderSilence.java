package io.conclave.election;

import java.time.Duration;
import java.util.Locale;

/**
 * How long a peer has not heard from the leader it sees. Views can lie: on a network that drops some paths
 * but not others, a peer may keep a view naming a leader it has not heard from for a long time, because
 * failure detection only acts on the suspicions of the view's coordinator.
 *
 * @param leader the leader this peer sees
 * @param silent time since the last message from it arrived
 * @param limit  the failure-detection timeout: a member silent for longer should have been suspected
 */
public record LeaderSilence(String leader, Duration silent, Duration limit) {

    /** Silent for longer than failure detection allows: the leader is out of reach, whatever the view says. */
    public boolean unreachable() {
        return silent.compareTo(limit) > 0;
    }

    /** "leader unreachable for 4.2 s". */
    public String describe() {
        return "leader unreachable for " + String.format(Locale.ROOT, "%.1f s", silent.toMillis() / 1000.0);
    }
}
