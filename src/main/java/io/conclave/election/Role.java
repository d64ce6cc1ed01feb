package io.conclave.election;

/** A member's part in its cluster's election, as this peer sees it. */
public enum Role {
    LEADER,
    FOLLOWER,
    /** Raft mode: gets the log but does not vote. */
    LEARNER;

    /** The lower-case name used in output and JSON ("leader", "follower", "learner"). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
