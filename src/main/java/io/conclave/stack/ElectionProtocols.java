package io.conclave.stack;

import org.jgroups.protocols.raft.ELECTION;
import org.jgroups.protocols.raft.ELECTION2;
import org.jgroups.stack.Protocol;
import org.jgroups.stack.ProtocolStack;

import java.util.Optional;

/**
 * jgroups-raft's election protocols (raft.ELECTION, raft.ELECTION2, or a subclass of one's own), known by their
 * common superclass's name: jgroups-raft 1.1.4's module does not export that class's package, so code in a named
 * module cannot name the class (an IllegalAccessError), only the exported subclasses.
 */
public final class ElectionProtocols {

    private static final String BASE_ELECTION = "org.jgroups.protocols.raft.election.BaseElection";

    private ElectionProtocols() {
    }

    public static boolean isElection(Class<?> protocol) {
        for (Class<?> c = protocol; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(BASE_ELECTION)) {
                return true;
            }
        }
        return false;
    }

    /** The stack's election protocol, if it has one. */
    public static Optional<Protocol> in(ProtocolStack stack) {
        return stack.getProtocols().stream().filter(p -> isElection(p.getClass())).findFirst();
    }

    /**
     * Starts {@code election}'s voting thread (as jgroups-raft does on a view change that calls for a vote). Only
     * through ELECTION or ELECTION2, whose classes are exported: a protocol deriving from their unexported common
     * superclass directly is left alone (a vote then waits for jgroups-raft's next view change).
     */
    public static void startVote(Protocol election) {
        if (election instanceof ELECTION2 e) {
            e.startVotingThread();
        } else if (election instanceof ELECTION e) {
            e.startVotingThread();
        }
    }
}
