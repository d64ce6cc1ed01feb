package io.conclave.raft;

import java.util.Collection;
import java.util.List;

/**
 * The raft-mode answer to "who leads, as far as this peer can tell", kept free of I/O so it can be tested
 * with scripted inputs. The leader is jgroups-raft's, but only while it is in this peer's view and the view
 * holds a majority of the voting members: a side without a majority reports no leader and why, even in the
 * moments before jgroups-raft itself steps down.
 */
public final class RaftRule {

    private RaftRule() {
    }

    /**
     * @param raftLeader the leader jgroups-raft reports, or null
     * @param view       the member names of this peer's current view (empty before the first view)
     * @param voters     the voting members
     * @param majority   how many voting members make a majority
     */
    public static Decision decide(String raftLeader, List<String> view, Collection<String> voters, int majority) {
        if (view.isEmpty()) {
            return new Decision(null, "not in a view", 0);
        }
        int reachable = (int) voters.stream().filter(view::contains).count();
        if (reachable < majority) {
            return new Decision(null, noMajority(reachable, voters.size(), majority), reachable);
        }
        if (raftLeader == null) {
            return new Decision(null, "no leader yet: election in progress", reachable);
        }
        if (!view.contains(raftLeader)) {
            return new Decision(null, "leader " + raftLeader + " left; electing a new one", reachable);
        }
        return new Decision(raftLeader, null, reachable);
    }

    /** "no majority: 2 of 5 voting members reachable, 3 needed". */
    public static String noMajority(int reachable, int voters, int majority) {
        return "no majority: " + reachable + " of " + voters + " voting members reachable, " + majority + " needed";
    }

    /**
     * @param leader    the leader's name, or null
     * @param reason    why there is none (null when there is one)
     * @param reachable how many voting members are in the view
     */
    public record Decision(String leader, String reason, int reachable) {
    }
}
