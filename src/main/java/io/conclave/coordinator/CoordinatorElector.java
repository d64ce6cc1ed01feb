package io.conclave.coordinator;

import io.conclave.election.ElectionEvent.Notice;
import io.conclave.election.Leadership;
import io.conclave.election.Mode;
import io.conclave.election.ViewInfo;
import io.conclave.exit.ExitWatch;
import io.conclave.lease.Holder;
import io.conclave.lease.LEASE;
import io.conclave.lease.LeaseKeeper;
import io.conclave.lease.TokenStore;
import io.conclave.lease.Verdict;
import io.conclave.spi.ElectorContext;
import io.conclave.spi.LeaderElector;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The view coordinator leads. Without a quorum that is all: the epoch is the view number, and each side of a
 * split has its own leader. With a quorum ({@link QUORUM}) the coordinator of a side holding a majority is only
 * the candidate: it leads while it holds the lease ({@link LEASE}), and the epoch is the lease's fencing token,
 * higher for every new leadership. The lease is re-checked every {@link #LEASE_CHECK} so that a lapse or a
 * promise running out is noticed without waiting for a message.
 * <p>
 * Everything here runs on the peer's loop (views, the lease checks, the lease's changes, which arrive on
 * JGroups threads and are queued there), so one decision at a time; {@link #leadership} is the decision itself.
 */
public final class CoordinatorElector implements LeaderElector {

    static final Duration LEASE_CHECK = Duration.ofMillis(50);

    private ElectorContext context;
    private CoordinatorRule rule = new CoordinatorRule(0);
    private LEASE lease;
    private LeaseKeeper keeper;
    private ViewInfo view;
    private Leadership published;
    private boolean closed;

    @Override
    public Mode mode() {
        return Mode.COORDINATOR;
    }

    @Override
    public boolean exclusive() {
        return lease != null;
    }

    @Override
    public void attach(ElectorContext context) {
        this.context = context;
        QUORUM quorum = context.channel().getProtocolStack().findProtocol(QUORUM.class);
        rule = new CoordinatorRule(quorum == null ? 0 : quorum.size());
        if (quorum == null) {
            return;
        }
        lease = LEASE.in(context.channel().getProtocolStack());
        TokenStore tokens = new TokenStore(context.config().dataDir());
        keeper = new LeaseKeeper(new Holder(context.config().name(), ExitWatch.newIncarnation()), lease.terms(),
                () -> !context.config().learner(), tokens.load(), tokens::save);
        lease.activate(keeper, () -> 0, () -> context.loop().execute(this::evaluate));
        String self = context.config().name();
        // the rule is a pure function of the members, so LEASE may apply it on a JGroups thread
        lease.claimAheadOfViews(members -> self.equals(leaderOf(new ViewInfo(self, 0, members))),
                CoordinatorRule.majorityOf(quorumSize()));
        context.loop().every(LEASE_CHECK, this::evaluate);
    }

    @Override
    public void viewAccepted(ViewInfo newView) {
        view = newView;
        if (quorumSize() > 0 && newView.size() > quorumSize()) {
            context.notices().accept(Notice.Kind.WARNING, "the view has " + newView.size() + " members but the declared cluster size"
                    + " (conclave.cluster_size) is " + quorumSize() + ": if more than " + quorumSize()
                    + " of them vote, two sides could each hold a majority; declare the real size");
        }
        evaluate();
        if (lease != null && context.config().name().equals(newView.coordinator())) {
            lease.requestSoon(); // a new candidate asks at once, not at the next renewal
        }
    }

    @Override
    public Optional<LEASE> lease() {
        return Optional.ofNullable(lease);
    }

    @Override
    public void recheck() {
        evaluate();
    }

    private void evaluate() {
        if (view == null || closed) {
            return;
        }
        CoordinatorRule.Decision decision = rule.decide(view);
        Leadership next;
        if (keeper == null) {
            next = leadership(decision, view.number(), context.clock().instant());
        } else {
            Verdict verdict = keeper.judge(decision.leader(), CoordinatorRule.majorityOf(quorumSize()), -1, lease.now());
            next = leadership(decision, verdict, lease.instantOf(verdict.sinceNanos()));
        }
        if (next.sameAs(published)) {
            return;
        }
        published = next;
        context.publisher().accept(next);
    }

    /** Without a quorum: the rule's decision for view {@code viewNumber} is the leadership, its epoch the view number. */
    public static Leadership leadership(CoordinatorRule.Decision decision, long viewNumber, Instant now) {
        return new Leadership(Mode.COORDINATOR, decision.leader(), viewNumber, now, decision.reason());
    }

    /**
     * With a quorum: the rule names the candidate, the lease's {@code verdict} on it says who leads and with
     * which token; a side without a candidate says why the rule found none, since the lease has nothing to add.
     */
    public static Leadership leadership(CoordinatorRule.Decision decision, Verdict verdict, Instant since) {
        String reason = decision.leader() == null ? decision.reason() : verdict.reason();
        return new Leadership(Mode.COORDINATOR, verdict.leader(), verdict.token(), since, reason);
    }

    @Override
    public String leaderOf(ViewInfo subgroup) {
        return rule.decide(subgroup).leader();
    }

    private int quorumSize() {
        return rule.quorumSize();
    }

    @Override
    public void close() {
        closed = true;
        if (keeper != null) {
            keeper.stop(); // before the channel closes: members may release their promise once it has
        }
    }
}
