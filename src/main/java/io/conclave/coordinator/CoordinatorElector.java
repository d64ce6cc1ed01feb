package io.conclave.coordinator;

import io.conclave.election.Leadership;
import io.conclave.election.Mode;
import io.conclave.election.ViewInfo;
import io.conclave.peer.ElectorContext;
import io.conclave.peer.LeaderElector;

import java.time.Instant;

/** The view coordinator leads; the epoch is the view number, which only grows on a peer. */
public final class CoordinatorElector implements LeaderElector {

    private ElectorContext context;
    private CoordinatorRule rule = new CoordinatorRule(0);

    @Override
    public Mode mode() {
        return Mode.COORDINATOR;
    }

    @Override
    public void attach(ElectorContext context) {
        this.context = context;
        QUORUM quorum = context.channel().getProtocolStack().findProtocol(QUORUM.class);
        rule = new CoordinatorRule(quorum == null ? 0 : quorum.size());
    }

    @Override
    public void viewAccepted(ViewInfo view) {
        CoordinatorRule.Decision decision = rule.decide(view);
        context.publisher().accept(new Leadership(Mode.COORDINATOR, decision.leader(), view.number(),
                Instant.now(), decision.reason()));
    }

    @Override
    public String leaderOf(ViewInfo subgroup) {
        return rule.decide(subgroup).leader();
    }

    /** The declared quorum size, 0 if the stack declares none. */
    public int quorumSize() {
        return rule.quorumSize();
    }
}
