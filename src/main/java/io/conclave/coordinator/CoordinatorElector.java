package io.conclave.coordinator;

import io.conclave.election.Leadership;
import io.conclave.election.Mode;
import io.conclave.election.ViewInfo;
import io.conclave.peer.ElectorContext;
import io.conclave.peer.LastHeard;
import io.conclave.peer.LeaderElector;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The view coordinator leads; the epoch is the view number, which only grows on a peer. With a quorum and a
 * protocol that tracks what was heard from whom, leadership is also held on a lease (see
 * {@link CoordinatorRule#decide(ViewInfo, Set, String)}), checked every {@link #LEASE_CHECK}.
 */
public final class CoordinatorElector implements LeaderElector {

    static final Duration LEASE_CHECK = Duration.ofMillis(100);

    private ElectorContext context;
    private CoordinatorRule rule = new CoordinatorRule(0);
    private LastHeard lastHeard;
    private Duration lease = Duration.ZERO;
    private ScheduledExecutorService leaseChecks;
    /** When each member was first seen in a view: a member not heard from yet counts as heard then. */
    private final Map<String, Long> firstSeenNanos = new HashMap<>();
    private ViewInfo view;
    private CoordinatorRule.Decision published;

    @Override
    public Mode mode() {
        return Mode.COORDINATOR;
    }

    @Override
    public void attach(ElectorContext context) {
        this.context = context;
        QUORUM quorum = context.channel().getProtocolStack().findProtocol(QUORUM.class);
        rule = new CoordinatorRule(quorum == null ? 0 : quorum.size());
        lastHeard = LastHeard.in(context.channel().getProtocolStack()).orElse(null);
        if (quorum != null && lastHeard != null && !quorum.lease().isZero()) {
            lease = quorum.lease();
            leaseChecks = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "conclave-lease-" + context.config().name());
                t.setDaemon(true);
                return t;
            });
            leaseChecks.scheduleWithFixedDelay(this::evaluate, LEASE_CHECK.toMillis(), LEASE_CHECK.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void viewAccepted(ViewInfo newView) {
        synchronized (this) {
            long now = System.nanoTime();
            newView.members().forEach(m -> firstSeenNanos.putIfAbsent(m, now));
            firstSeenNanos.keySet().retainAll(newView.members());
            view = newView;
            published = null;
        }
        evaluate();
    }

    private synchronized void evaluate() {
        if (view == null) {
            return;
        }
        CoordinatorRule.Decision decision = lease.isZero() ? rule.decide(view)
                : rule.decide(view, heardWithinLease(), lease.toMillis() / 1000.0 + " s");
        if (decision.equals(published)) {
            return;
        }
        published = decision;
        context.publisher().accept(new Leadership(Mode.COORDINATOR, decision.leader(), view.number(),
                Instant.now(), decision.reason()));
    }

    private Set<String> heardWithinLease() {
        Set<String> heard = new HashSet<>();
        long now = System.nanoTime();
        for (String member : view.members()) {
            // a member that joined within the lease counts as heard, whether or not anything arrived yet
            Duration sinceJoined = Duration.ofNanos(now - firstSeenNanos.getOrDefault(member, now));
            boolean self = member.equals(context.config().name());
            if (self || sinceJoined.compareTo(lease) < 0
                    || lastHeard.silence(member).map(s -> s.compareTo(lease) < 0).orElse(false)) {
                heard.add(member);
            }
        }
        return heard;
    }

    @Override
    public String leaderOf(ViewInfo subgroup) {
        return rule.decide(subgroup).leader();
    }

    /** The declared quorum size, 0 if the stack declares none. */
    public int quorumSize() {
        return rule.quorumSize();
    }

    @Override
    public void close() {
        if (leaseChecks != null) {
            leaseChecks.shutdownNow();
        }
    }
}
