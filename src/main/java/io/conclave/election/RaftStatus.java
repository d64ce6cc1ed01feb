package io.conclave.election;

import java.util.List;

/**
 * The Raft state of one peer at one moment, as the shell's {@code raft} command shows it.
 *
 * @param role          leader, follower or learner (a learner gets the log but does not vote)
 * @param term          the current Raft term (the epoch in raft mode)
 * @param leader        the leader this peer knows, or null
 * @param commitIndex   the index of the last log entry known to be committed (jgroups-raft applies an
 *                      entry to the store when it commits it)
 * @param lastApplied   the index of the last entry applied to this peer's store
 * @param lastAppended  the index of the last entry in this peer's log (committed or not)
 * @param logSize       the number of entries in the log (smaller than lastAppended after a snapshot)
 * @param votingMembers the voting members, sorted, as the log currently defines them
 * @param majority      how many voting members must agree to elect a leader or commit a write
 * @param reachable     how many voting members are in this peer's current view (itself included)
 */
public record RaftStatus(Role role, long term, String leader, long commitIndex, long lastApplied,
                         long lastAppended, long logSize, List<String> votingMembers, int majority,
                         int reachable) {

    public RaftStatus {
        votingMembers = List.copyOf(votingMembers);
    }

    public boolean hasMajority() {
        return reachable >= majority;
    }
}
