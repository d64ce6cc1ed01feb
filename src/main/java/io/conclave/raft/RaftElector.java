package io.conclave.raft;

import io.conclave.election.ConclaveException;
import io.conclave.election.ElectionEvent.Notice;
import io.conclave.election.Leadership;
import io.conclave.election.Mode;
import io.conclave.election.PeerConfig;
import io.conclave.election.RaftControl;
import io.conclave.election.ReplicatedStore;
import io.conclave.election.Role;
import io.conclave.election.ViewInfo;
import io.conclave.exit.ExitWatch;
import io.conclave.lease.Holder;
import io.conclave.lease.LEASE;
import io.conclave.lease.LeaseKeeper;
import io.conclave.lease.Verdict;
import io.conclave.spi.ElectorContext;
import io.conclave.spi.LeaderElector;
import io.conclave.stack.ElectionProtocols;
import org.jgroups.Address;
import org.jgroups.protocols.raft.DynamicMembership;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.raft.Settable;
import org.jgroups.raft.util.Utils;
import org.jgroups.stack.Protocol;
import org.jgroups.stack.ProtocolStack;
import org.jgroups.util.ExtendedUUID;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Raft mode: the jgroups-raft leader leads and the epoch is the Raft term.
 * <p>
 * jgroups-raft tells a peer only when its own role changes, so a follower would not hear of a new leader or
 * term. Every peer therefore re-reads leader and term on the peer's loop: at once after each view, each
 * election message ({@link ElectionWatch}) and each local role change, and every {@value #POLL_MS} ms for
 * what arrives otherwise (a higher term in a log append). A read is two field reads, and only a change is
 * published. The log check, which reads the log, runs on a thread of its own.
 */
public final class RaftElector implements LeaderElector {

    static final long POLL_MS = 100;
    /** How long a merge report waits for the merged side's leader before reporting what it has. */
    static final long MERGE_SETTLE_MS = 10_000;
    /**
     * How long a side with a majority may stay without a leader before this peer starts a vote itself. A normal
     * election takes one or two vote rounds (vote_timeout, 600 ms at most each).
     */
    static final long LEADERLESS_MS = 3_000;
    /**
     * Each later peer in view order waits this much longer: peers that noticed the same stall at the same view
     * change would otherwise start their votes within milliseconds of each other, split the vote and go round
     * again, one term after another (seen under CPU starvation: 8 terms in 5 s).
     */
    static final long LEADERLESS_STAGGER_MS = 1_000;

    private final AtomicBoolean checkPending = new AtomicBoolean();
    private final List<PendingMerge> pendingMerges = new ArrayList<>();

    private ElectorContext context;
    private RAFT raft;
    private RaftStore store;
    private KeyValueStateMachine copy;
    private CopyHealth health;
    private RaftNode node;
    /** jgroups-raft's election protocol (typed as a protocol: its class's package is not exported), or null. */
    private Protocol election;
    /** Since when (on the peer's clock) a side with a majority in view has had no leader; null while it has one. */
    private Long leaderlessSince;
    private ScheduledExecutorService logChecks;
    private volatile ViewInfo view = new ViewInfo("", 0, List.of());
    private volatile Leadership published;
    private volatile boolean closed;
    private LEASE lease;
    private LeaseKeeper keeper;
    /** The raft leader jgroups-raft named at the last check, to ask for a lease at once when it becomes this peer. */
    private String lastCandidate;
    /** The term in which this peer last started a vote because its lease ran out. */
    private long votedAfterLapse = -1;

    @Override
    public Mode mode() {
        return Mode.RAFT;
    }

    @Override
    public void attach(ElectorContext context) {
        this.context = context;
        PeerConfig config = context.config();
        ProtocolStack stack = context.channel().getProtocolStack();
        raft = stack.findProtocol(RAFT.class);
        // before connect: unset, jgroups-raft would take the host name and join as a learner
        raft.raftId(config.name());
        String source = config.members().isEmpty()
                ? "the default of stack " + context.stack().origin() + "; set them with PeerConfig.members" : "PeerConfig.members";
        if (!config.members().isEmpty()) {
            raft.members(config.members());
        }
        // --members was checked with the host settings, the stack's own members by the stack lint
        if (!config.learner() && !raft.members().contains(config.name())) {
            throw notAVoter(config.name(), raft.members(), source);
        }

        DurableVoteLog.installOn(raft); // jgroups-raft's own file log can lose a vote or lower the term on disk
        health = new CopyHealth(config.name(), raft::logName, message -> context.notices().accept(Notice.Kind.ALARM, message));
        copy = new KeyValueStateMachine(health, raft::log);
        raft.stateMachine(copy);
        FollowerAppendCheck.install(raft);
        RaftCalls calls = new RaftCalls(() -> decide().reason(), () -> decide().leader());
        Protocol top = stack.getTopProtocol();
        node = new RaftNode(raft, RAFT.findProtocol(DynamicMembership.class, top, true), calls, this::decide);

        logChecks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "conclave-raft-log-" + config.name());
            t.setDaemon(true);
            return t;
        });
        lease = LEASE.in(stack);
        // the term is the token: jgroups-raft keeps it on disk, so no token store of our own
        keeper = new LeaseKeeper(new Holder(config.name(), ExitWatch.newIncarnation()), lease.terms(),
                () -> raft.members().contains(config.name()), 0, token -> { });
        raft.addRoleListener(role -> {
            // called under jgroups-raft's locks: never check here; the lease's own lock is the only one taken
            if (role == org.jgroups.protocols.raft.Role.Leader && lease.claimsAhead()
                    && keeper.claimAhead(null, raft.currentTerm(), raft.majority(), lease.now())) {
                lease.requestSoon(); // the grants travel while the loop catches up with the new leader
            }
            requestCheck();
        });
        election = ElectionProtocols.in(stack).orElse(null);
        // without an election protocol of its own to hold votes back, a lease would not keep a new leader out
        LeaseReads leaseReads = new LeaseReads(raft, keeper, lease::now, lease.leaseReads() && election != null);
        store = new RaftStore(RAFT.findProtocol(Settable.class, top, true), copy, health, calls, leaseReads,
                () -> closed, config.name());
        Protocol watchAbove = election != null ? election : raft;
        ElectionWatch electionWatch = new ElectionWatch(watchAbove.getId(), this::requestCheck);
        stack.insertProtocolInStack(electionWatch, watchAbove, ProtocolStack.Position.BELOW);
        Runnable onLeaseChange = this::requestCheck;
        if (leaseReads.enabled()) {
            VoteGate gate = new VoteGate(election.getId(), keeper, lease::now, this::requestCheck, raft::currentTerm);
            stack.insertProtocolInStack(gate, electionWatch, ProtocolStack.Position.BELOW);
            onLeaseChange = () -> {
                gate.leaseChanged();
                requestCheck();
            };
        }
        lease.activate(keeper, raft::currentTerm, onLeaseChange);
    }

    private static ConclaveException notAVoter(String name, List<String> voters, String source) {
        return new ConclaveException("peer " + name + " (PeerConfig.name) is not one of the voting members " + sorted(voters)
                + " (" + source + "); jgroups-raft would quietly make it a non-voting learner. Add " + name
                + " to PeerConfig.members on every peer, or pass PeerConfig.learner=true to join as a learner on purpose (then 'raft add "
                + name + "' makes it a voter)");
    }

    private static String sorted(List<String> names) {
        return String.join(",", names.stream().sorted().toList());
    }

    @Override
    public void connected() {
        PeerConfig config = context.config();
        // the log replayed at connect may have changed the members given at start-up ('raft remove')
        if (!config.learner() && !raft.members().contains(config.name())) {
            throw new ConclaveException("peer " + config.name() + " is no longer a voting member: its raft log says the"
                    + " voting members are " + sorted(raft.members()) + " (it was removed with 'raft remove " + config.name()
                    + "'). Pass PeerConfig.learner=true to run it as a learner, then 'raft add " + config.name() + "' from another peer");
        }
        if (health.damage() != null) { // found while replaying the log at connect
            throw new ConclaveException(health.damage());
        }
        requestCheck();
        context.loop().every(Duration.ofMillis(POLL_MS), this::check);
        logChecks.scheduleWithFixedDelay(new LogCheckTask(raft, copy), LogCheckTask.INTERVAL_MS, LogCheckTask.INTERVAL_MS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean exclusive() {
        return true;
    }

    @Override
    public Optional<LEASE> lease() {
        return Optional.ofNullable(lease);
    }

    @Override
    public void recheck() {
        check();
    }

    @Override
    public void viewAccepted(ViewInfo view) {
        this.view = view;
        requestCheck();
    }

    /**
     * jgroups-raft 1.1.4 sends nothing to followers that are up to date, so the peers of the other side of a merge
     * would not learn the leader until the next write, and after {@link #LEADERLESS_MS} would start a vote and
     * a needless new term. A read through the log changes nothing but makes the leader send the entry to
     * every member at once, and with it its term.
     */
    private void announceLeadership() {
        byte[] read = StoreCommand.get("").encode();
        try {
            raft.setAsync(read, 0, read.length).exceptionally(e -> null);
        } catch (Exception e) {
            org.apache.logging.log4j.LogManager.getLogger(RaftElector.class).debug("leader announcement not sent", e);
        }
    }

    /** Only this peer's own side is knowable: the leader it saw before the merge, if that leader is on its side. */
    @Override
    public String leaderOf(ViewInfo subgroup) {
        Leadership before = published;
        if (before == null || before.leader() == null || context == null) {
            return null;
        }
        boolean ownSide = subgroup.contains(context.config().name());
        return ownSide && subgroup.contains(before.leader()) ? before.leader() : null;
    }

    @Override
    public CompletableFuture<Void> mergeSettled(ViewInfo merged) {
        if (raft != null && raft.isLeader()) {
            announceLeadership();
        }
        CompletableFuture<Void> settled = new CompletableFuture<>();
        synchronized (pendingMerges) {
            pendingMerges.add(new PendingMerge(merged, settled));
        }
        requestCheck();
        return settled.completeOnTimeout(null, MERGE_SETTLE_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public Role roleOf(String member, String leader) {
        if (member.equals(leader)) {
            return Role.LEADER;
        }
        return raft != null && !raft.members().contains(member) ? Role.LEARNER : Role.FOLLOWER;
    }

    @Override
    public Optional<ReplicatedStore> store() {
        return Optional.ofNullable(store);
    }

    @Override
    public Optional<RaftControl> raft() {
        return Optional.ofNullable(node);
    }

    /** Coalesces bursts of signals (from any thread) into one check on the peer's loop. */
    private void requestCheck() {
        if (closed || !checkPending.compareAndSet(false, true)) {
            return;
        }
        context.loop().execute(() -> {
            checkPending.set(false);
            check();
        });
    }

    /** Runs on the peer's loop only, so publications are in order. */
    private void check() {
        if (closed) {
            return;
        }
        try {
            long term;
            RaftRule.Decision decision;
            do {
                // leader and term are two reads; a term unchanged across both makes them a consistent pair
                term = raft.currentTerm();
                decision = decide();
            } while (term != raft.currentTerm());
            String self = context.config().name();
            if (self.equals(decision.leader()) && !self.equals(lastCandidate)) {
                lease.requestSoon(); // a new raft leader asks for its lease at once, not at the next renewal
            }
            lastCandidate = decision.leader();
            long now = lease.now();
            Verdict verdict = keeper.judge(decision.leader(), raft.majority(), term, now);
            Leadership next = leadership(decision, verdict, term, lease.instantOf(verdict.sinceNanos()));
            if (!next.sameAs(published)) {
                published = next;
                context.publisher().accept(next);
            }
            if (verdict.needsNewTerm() && votedAfterLapse != term && election != null) {
                // its lease ran out but jgroups-raft still makes it leader: a new term makes a new leadership
                votedAfterLapse = term;
                ElectionProtocols.startVote(election);
            }
            settleMerges(next);
            restartStalledElection(decision);
        } catch (RuntimeException e) {
            org.apache.logging.log4j.LogManager.getLogger(RaftElector.class).warn("raft leadership check failed", e);
        }
    }

    /**
     * The raft mode's leadership, from plain values: jgroups-raft's leader as the rule judged it names the
     * candidate, the lease's {@code verdict} on it says whether it leads; the epoch is the raft {@code term}. A
     * side without a candidate says why the rule found none, since the lease has nothing to add.
     */
    public static Leadership leadership(RaftRule.Decision decision, Verdict verdict, long term, Instant since) {
        String reason = decision.leader() == null ? decision.reason() : verdict.reason();
        return new Leadership(Mode.RAFT, verdict.leader(), term, since, reason);
    }

    /**
     * jgroups-raft 1.1.4 only votes when the view coordinator sees a reason in a view change. After a heal in
     * which only the old leader had noticed the cut (it stepped down, the others did not), the coordinator
     * sees none: the others keep naming a leader that no longer leads, and nobody votes until the next view
     * change. The peer that sees no leader with a majority in view notices, and starts the vote itself
     * (BaseElection.startVotingThread runs on any member; one vote per member and term keeps it safe).
     */
    private void restartStalledElection(RaftRule.Decision decision) {
        boolean stalled = decision.leader() == null && decision.reason() != null
                && !decision.reason().startsWith("no majority") && !decision.reason().equals("not in a view");
        long now = context.clock().nanos();
        if (!stalled || election == null) {
            leaderlessSince = null;
            return;
        }
        if (leaderlessSince == null) {
            leaderlessSince = now;
        } else if (now - leaderlessSince > TimeUnit.MILLISECONDS.toNanos(leaderlessPatience())) {
            org.apache.logging.log4j.LogManager.getLogger(RaftElector.class).warn(
                    "{}: no leader for {} ms although a majority is in view ({}); starting a vote",
                    context.config().name(), leaderlessPatience(), decision.reason());
            leaderlessSince = now;
            ElectionProtocols.startVote(election);
        }
    }

    private long leaderlessPatience() {
        return LEADERLESS_MS + Math.max(0, view.members().indexOf(context.config().name())) * LEADERLESS_STAGGER_MS;
    }

    RaftRule.Decision decide() {
        return RaftRule.decide(nameOf(raft.leader()), view.members(), raft.members(), raft.majority());
    }

    private void settleMerges(Leadership now) {
        ViewInfo current = view;
        synchronized (pendingMerges) {
            pendingMerges.removeIf(pending -> {
                boolean settled = pending.settled().isDone()                     // timed out
                        || pending.view().number() != current.number()          // a newer view came: report now
                        || (now.leader() != null && pending.view().contains(now.leader()))
                        || (now.leader() == null && now.reason() != null && now.reason().startsWith("no majority"));
                if (settled) {
                    pending.settled().complete(null);
                }
                return settled;
            });
        }
    }

    private static String nameOf(Address address) {
        if (address == null) {
            return null;
        }
        return address instanceof ExtendedUUID ? Utils.extractRaftId(address) : String.valueOf(address);
    }

    @Override
    public void close() {
        closed = true;
        if (keeper != null) {
            keeper.stop(); // before the channel closes: members may release their promise once it has
        }
        if (logChecks != null) {
            logChecks.shutdownNow();
        }
        synchronized (pendingMerges) {
            pendingMerges.forEach(p -> p.settled().complete(null));
            pendingMerges.clear();
        }
    }

    private record PendingMerge(ViewInfo view, CompletableFuture<Void> settled) {
    }
}
