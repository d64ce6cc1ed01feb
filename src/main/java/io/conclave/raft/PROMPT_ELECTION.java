package io.conclave.raft;

import org.jgroups.Message;
import org.jgroups.View;
import org.jgroups.ViewId;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.raft.ELECTION2;
import org.jgroups.protocols.raft.RaftHeader;
import org.jgroups.protocols.raft.election.PreVoteResponse;
import org.jgroups.raft.util.Utils;
import org.jgroups.raft.util.Utils.Majority;

/**
 * jgroups-raft's {@code raft.ELECTION2}, except that a view coordinator whose new view has lost the leader votes at
 * once instead of running the pre-vote first.
 * <p>
 * The pre-vote (Raft dissertation §9.6) is there for views that bring members back: after a heal it asks everyone
 * whom they follow, so a leader that kept its majority keeps leading instead of losing it to a needless new term.
 * When the leader has left a view that holds a majority (a crash, a hang or a cut that failure detection has
 * confirmed), every member's answer names that leader or none, and ELECTION2 goes on to vote anyway: the pre-vote
 * only costs a round, and on a crash that round was a third of the time from the view to a new leader. Views that bring members back still
 * pre-vote. Safety does not rest on the pre-vote: one vote per member and term, and the lease (members hold their
 * votes back while they promised a lease, {@link VoteGate}).
 * <p>
 * ELECTION2 starts its pre-vote in such a view all the same (its collector is private); the answers to it are
 * dropped while that view lasts, because completing it after this vote would clear the leader just elected.
 */
public class PROMPT_ELECTION extends ELECTION2 {

    public PROMPT_ELECTION() {
        // ELECTION2's id (JGroups registers an id for one class only), so the headers are ELECTION2's on the wire:
        // peers with either protocol vote with each other, and a cluster can move to this one a peer at a time
        setId(ClassConfigurator.getProtocolId(ELECTION2.class));
    }

    /** The view in which this coordinator voted without a pre-vote; null before the first such view. */
    private volatile ViewId votedAtOnce;

    @Override
    protected void handleView(View next) {
        View previous = view;
        boolean leaderLeft = previous != null && Utils.computeMajority(previous, next, raft) == Majority.leader_lost;
        super.handleView(next);
        // as ELECTION2 pre-votes only with a majority in view: alone, the voting thread would start one term after
        // another without a pause (all answers are in at once, too few to elect)
        if (leaderLeft && isViewCoordinator() && isMajorityAvailable()) {
            votedAtOnce = next.getViewId();
            raft.setLeaderAndTerm(null); // what ELECTION2 does when its pre-vote passes, so the voting round goes on
            startVotingThread();
        }
    }

    @Override
    protected void handleMessage(Message msg, RaftHeader hdr) {
        if (hdr instanceof PreVoteResponse && view != null && view.getViewId().equals(votedAtOnce)) {
            return;
        }
        super.handleMessage(msg, hdr);
    }
}
