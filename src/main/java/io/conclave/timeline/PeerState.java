package io.conclave.timeline;

/**
 * Where a lab peer is: running, paused, or down (stopped gracefully or killed). The lab shows it; the
 * timeline draws the spans a peer was not up.
 */
public enum PeerState {
    UP,
    /** Neither sends nor receives for a while, then carries on with the state it had. */
    PAUSED,
    STOPPED,
    KILLED;

    /** The lower-case name used in output and JSON ("up", "paused", "stopped", "killed"). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
