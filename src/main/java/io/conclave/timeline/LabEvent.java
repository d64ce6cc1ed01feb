package io.conclave.timeline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fault the lab injected or saw applied: partition, heal, kill, stop, start, pause, resume. Recorded next to
 * the peers' events, and read by the merge reports (a killed leader stops believing it leads).
 *
 * @param action what happened, e.g. "partition" or "kill"
 * @param peers  the peers it concerns (for a cut: every peer named in it)
 * @param detail e.g. the sides "A,B / C,D,E" or the pause "5 s"
 */
public record LabEvent(Instant ts, String action, List<String> peers, String detail) {

    public LabEvent {
        peers = List.copyOf(peers);
    }

    /** Whether this takes {@code peer} down, ending whatever it believed. */
    public boolean takesDown(String peer) {
        return (action.equals("kill") || action.equals("stop")) && peers.contains(peer);
    }

    /** The JSON fields, next to the peer event schema: ts, type "fault", action, peers, detail. */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ts", ts.toString());
        m.put("type", "fault");
        m.put("action", action);
        m.put("peers", peers);
        m.put("detail", detail);
        return m;
    }
}
