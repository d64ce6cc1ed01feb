package io.conclave.stack;

import org.jgroups.protocols.raft.ELECTION2;

/** An election protocol of a user's own, outside jgroups-raft's package, for the stack lint's tests. */
public class OwnElection extends ELECTION2 {
}
