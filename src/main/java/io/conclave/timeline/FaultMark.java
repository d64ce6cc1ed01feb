package io.conclave.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A fault the lab injected (partition, heal, kill, stop, start, pause, resume) and what followed it, up to the
 * next fault.
 *
 * @param newLeader    how long until a peer gained leadership after it (null if none did)
 * @param merged       heal: how long until the first merge view (null if none)
 * @param settled      how long until the last view or leader change before the next fault (null if none)
 * @param outcome      who was named leader once it settled, e.g. "leader C on A,B,C,D,E"
 */
public record FaultMark(Instant at, String action, List<String> peers, String detail, int event,
                        Duration newLeader, Duration merged, Duration settled, String outcome) {

    public FaultMark {
        peers = List.copyOf(peers);
    }

    /** "partition A,B / C,D,E", "kill E", "pause C 5.0 s", "heal". */
    public String label() {
        return switch (action) {
            case "partition" -> "partition " + detail;
            case "heal" -> "heal";
            default -> action + " " + String.join(",", peers) + (detail.isEmpty() ? "" : " " + detail);
        };
    }
}
