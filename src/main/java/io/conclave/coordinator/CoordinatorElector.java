package io.conclave.coordinator;

import io.conclave.election.ElectionEvent.Notice;
import io.conclave.election.Leadership;
import io.conclave.election.Mode;
import io.conclave.election.ViewInfo;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The view coordinator leads. Without a quorum that is all: the epoch is the view number, and each side of a
 * split has its own leader. With a quorum ({@link QUORUM}) the coordinator of a side holding a majority is only
 * the candidate: it leads while it holds the lease ({@link LEASE}), and the epoch is the lease's fencing token,
 * higher for every new leadership. The lease is re-checked every {@link #LEASE_CHECK} so that a lapse or a
 * promise running out is noticed without waiting for a message.
 */
public final class CoordinatorElector implements LeaderElector {

    static final Duration LEASE_CHECK = Duration.ofMillis(50);

    private ElectorContext context;
    private CoordinatorRule rule = new CoordinatorRule(0);
    private LEASE lease;
    private LeaseKeeper keeper;
    private ScheduledExecutorService leaseChecks;
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
        keeper = new LeaseKeeper(new Holder(context.config().name(), LEASE.newIncarnation()), lease.terms(),
                () -> !context.config().learner(), tokens.load(), tokens::save);
        lease.activate(keeper, () -> 0, this::evaluate);
        leaseChecks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "conclave-lease-check-" + context.config().name());
            t.setDaemon(true);
            return t;
        });
        leaseChecks.scheduleWithFixedDelay(this::evaluate, LEASE_CHECK.toMillis(), LEASE_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void viewAccepted(ViewInfo newView) {
        synchronized (this) {
            view = newView;
            if (quorumSize() > 0 && newView.size() > quorumSize()) {
                context.notices().accept(Notice.Kind.WARNING, "the view has " + newView.size() + " members but the declared cluster size"
                        + " (conclave.cluster_size) is " + quorumSize() + ": if more than " + quorumSize()
                        + " of them vote, two sides could each hold a majority; declare the real size");
            }
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

    private synchronized void evaluate() {
        if (view == null || closed) {
            return;
        }
        CoordinatorRule.Decision decision = rule.decide(view);
        Leadership next;
        if (keeper == null) {
            next = new Leadership(Mode.COORDINATOR, decision.leader(), view.number(), Instant.now(), decision.reason());
        } else {
            long now = lease.now();
            Verdict verdict = keeper.judge(decision.leader(), CoordinatorRule.majorityOf(quorumSize()), -1, now);
            String reason = decision.leader() == null ? decision.reason() : verdict.reason();
            Instant since = lease.instantOf(verdict.sinceNanos());
            next = new Leadership(Mode.COORDINATOR, verdict.leader(), verdict.token(), since, reason);
        }
        if (next.sameAs(published)) {
            return;
        }
        published = next;
        context.publisher().accept(next);
    }

    @Override
    public String leaderOf(ViewInfo subgroup) {
        return rule.decide(subgroup).leader();
    }

    private int quorumSize() {
        return rule.quorumSize();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (keeper != null) {
            keeper.stop(); // before the channel closes: members may release their promise once it has
        }
        if (leaseChecks != null) {
            leaseChecks.shutdownNow();
        }
    }
}
