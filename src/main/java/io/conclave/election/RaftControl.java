package io.conclave.election;

import java.time.Duration;
import java.util.List;

/** The Raft side of a peer in raft mode (see {@link Peer#raft()}): its status and the voting membership. */
public interface RaftControl {

    RaftStatus status();

    /**
     * Makes {@code name} a voting member, through the log (from any peer: the request goes to the leader).
     * The new member should already run, e.g. started with {@code --learner}; it votes once the change is
     * committed. Returns the voting members afterwards.
     *
     * @throws StoreException without a leader or majority, or on timeout
     */
    List<String> addVotingMember(String name, Duration timeout);

    /** Removes {@code name} from the voting members, through the log; returns the voting members afterwards. */
    List<String> removeVotingMember(String name, Duration timeout);
}
