package io.conclave.election;

/** How a cluster picks its leader; decided by the protocol stack a peer starts with. */
public enum Mode {
    /** The JGroups view coordinator leads (optionally only with a quorum). */
    COORDINATOR,
    /** jgroups-raft elects the leader; only a majority side has one. */
    RAFT;

    /** The lower-case name used in output and JSON ("coordinator", "raft"). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
