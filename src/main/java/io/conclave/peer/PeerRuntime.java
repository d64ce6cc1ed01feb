package io.conclave.peer;

import io.conclave.election.ConclaveException;
import io.conclave.election.ElectionEvent.Notice;
import io.conclave.election.ElectionEvent;
import io.conclave.election.ElectionListener;
import io.conclave.election.LeaderSilence;
import io.conclave.election.LeaderWork;
import io.conclave.election.Leadership;
import io.conclave.election.MemberInfo;
import io.conclave.election.Mode;
import io.conclave.election.Peer;
import io.conclave.election.PeerConfig;
import io.conclave.election.PeerNames;
import io.conclave.election.RaftControl;
import io.conclave.election.ReplicatedStore;
import io.conclave.election.Role;
import io.conclave.election.StackInfo;
import io.conclave.election.ViewInfo;
import io.conclave.lease.LEASE;
import io.conclave.security.Refusal;
import io.conclave.security.SEAL;
import io.conclave.spi.ChannelOwner;
import io.conclave.spi.ElectorContext;
import io.conclave.spi.LastHeard;
import io.conclave.spi.LeaderElector;
import io.conclave.spi.PeerClock;
import io.conclave.stack.ChannelFactory;
import io.conclave.stack.Placeholders;
import io.conclave.stack.StackDefinition;
import io.conclave.stack.StackLint;
import io.conclave.stack.StackSource;
import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
import org.jgroups.PhysicalAddress;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.FailureDetection;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.stack.ProtocolStack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A peer: one JChannel, one elector, the events they produce. Every input to its election state (a view, an
 * elector's publication, a suspicion, a notice, a timer) goes through its {@link ElectionLoop}; readers see
 * the snapshots the loop publishes (see docs/event-loop.md).
 */
public final class PeerRuntime implements Peer, ChannelOwner {

    /** How often {@link #awaitLeadership} looks at the lease again when nothing is published meanwhile. */
    private static final long LEASE_RECHECK_NANOS = Duration.ofMillis(50).toNanos();

    private final PeerConfig config;
    private final StackDefinition stack;
    private final JChannel channel;
    private final LeaderElector elector;
    private final EventBus bus;
    private final Timeline timeline = new Timeline();
    private final PeerClock clock;
    private final ElectionState state;
    private final ElectionLoop loop;
    private final DataDirLock dataDirLock;

    private final long startedNanos;
    private LastHeard lastHeard;
    private Duration detectionTimeout;
    /** The stack seals its traffic with a cluster secret (SEAL). */
    private boolean sealed;
    /** Whether no view was installed yet (the loop only). */
    private boolean firstView = true;
    /** A recheck of a lease that ran out is queued on the loop, so readers polling meanwhile queue no more. */
    private final AtomicBoolean lapseRecheckQueued = new AtomicBoolean();
    private volatile boolean closed;
    private final RefusalReporter refusals;
    private final List<LeaderTasks> leaderTasks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final DuplicateNames duplicates;

    private PeerRuntime(PeerConfig config, StackDefinition stack, JChannel channel, LeaderElector elector,
                        DataDirLock dataDirLock, PeerClock clock) {
        this.config = config;
        this.stack = stack;
        this.channel = channel;
        this.elector = elector;
        this.dataDirLock = dataDirLock;
        this.clock = clock;
        this.startedNanos = clock.nanos();
        this.bus = new EventBus(config.name());
        Leadership initial = Leadership.none(elector.mode(), 0, clock.instant(), "not connected yet");
        this.state = new ElectionState(config.name(), new ElectionSnapshot(new ViewInfo("", 0, List.of()), initial),
                timeline::add, bus::publish);
        this.loop = new ElectionLoop(clock, state::flush);
        this.duplicates = new DuplicateNames(config.cluster());
        this.refusals = new RefusalReporter(config.cluster(), line -> notice(Notice.Kind.REFUSED, line), Clock.systemUTC());
    }

    /** Starts a peer whose elector {@code electorFor} picks for its stack (the election mode), on the real clocks. */
    public static PeerRuntime start(PeerConfig config, Function<StackDefinition, LeaderElector> electorFor,
                                    ElectionListener... listeners) {
        return start(config, electorFor, PeerClock.SYSTEM, listeners);
    }

    /** Starts a peer as above, whose runtime, loop and elector read the time from {@code clock}. */
    public static PeerRuntime start(PeerConfig config, Function<StackDefinition, LeaderElector> electorFor,
                                    PeerClock clock, ElectionListener... listeners) {
        PeerNames.requireValid(config.name());
        StackDefinition stack = StackSource.load(config.stack());
        List<String> warnings = StackLint.check(stack);
        DataDirLock dataDirLock = PeerEnvironment.prepare(config, stack);
        PeerRuntime peer;
        try {
            Placeholders placeholders = new Placeholders(PeerEnvironment.settings(config, stack));
            JChannel channel = ChannelFactory.create(stack, placeholders);
            try {
                channel.name(config.name());
                LeaderElector elector = electorFor.apply(stack);
                peer = new PeerRuntime(config, stack, channel, elector, dataDirLock, clock);
                for (ElectionListener listener : listeners) {
                    peer.addListener(listener);
                }
                peer.wire();
                for (String warning : warnings) {
                    peer.notice(Notice.Kind.WARNING, warning);
                }
                elector.attach(new ElectorContext(channel, config, stack, peer::publish, peer::noticeFromElector,
                        peer.loop, clock));
            } catch (RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (RuntimeException e) {
            dataDirLock.close();
            throw e;
        }
        peer.connect();
        peer.afterConnect();
        return peer;
    }

    private void wire() {
        ProtocolStack protocols = channel.getProtocolStack();
        if (protocols.findProtocol(GMS.class) == null) {
            throw new ConclaveException(stack.origin() + ": the stack has no pbcast.GMS; add <pbcast.GMS/> below the flow-control protocols");
        }
        protocols.insertProtocolInStack(new SuspicionWatcher(this::suspected), protocols.findProtocol(GMS.class),
                ProtocolStack.Position.BELOW);
        lastHeard = LastHeard.in(protocols).orElse(null);
        detectionTimeout = protocols.getProtocols().stream().filter(FailureDetection.class::isInstance)
                .map(p -> Duration.ofMillis(((FailureDetection) p).getTimeout())).findFirst().orElse(null);
        FaultSwitch.wire(protocols, config.allowFaults(), line -> notice(Notice.Kind.FAULTS, line));
        SEAL seal = protocols.findProtocol(SEAL.class);
        sealed = seal != null;
        if (sealed) {
            seal.onRefusal(refusals::accept);
        } else {
            protocols.insertProtocolInStack(new SealWatch(refusals::accept), protocols.getTransport(),
                    ProtocolStack.Position.ABOVE);
        }
        channel.setReceiver(new Receiver() {
            @Override
            public void viewAccepted(View newView) {
                input(() -> decideView(newView));
            }
        });
    }

    private void connect() {
        loop.start(config.name());
        try {
            channel.connect(config.cluster());
        } catch (Exception e) {
            close();
            throw PeerEnvironment.connectFailure(config, stack, e);
        }
        try {
            elector.connected();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Refuses to go on as a peer nobody can hear: alone while the cluster's other peers use another secret
     * (or one this peer lacks), or under a name another member already has.
     */
    private void afterConnect() {
        View current = channel.getView();
        if (current != null && current.size() == 1) {
            Refusal foreign = refusals.awaitForeign(sealed ? FOREIGN_GRACE : Duration.ZERO);
            if (foreign != null) {
                close();
                throw new ConclaveException(refusedBy(foreign));
            }
        }
        if (current != null) {
            List<Address> members = current.getMembers();
            Address self = channel.getAddress();
            for (Address member : members) {
                if (member.equals(self)) {
                    break;
                }
                if (Views.name(member).equals(name())) {
                    close();
                    throw new ConclaveException("a peer named " + name() + " is already in cluster " + cluster()
                            + "; give this one another PeerConfig.name");
                }
            }
        }
    }

    /**
     * How long a peer on a sealed stack that is alone goes on listening for traffic of its cluster that it
     * cannot read. Usually the answer is already there: SEAL answers a stranger's discovery with a beacon at
     * once, and joining alone takes GMS' join_timeout. A peer without a secret relies on that beacon only.
     */
    static final Duration FOREIGN_GRACE = Duration.ofMillis(300);

    private String refusedBy(Refusal foreign) {
        String peers = foreign.address().isEmpty() ? "its peers" : "its peers (e.g. " + foreign.address() + ")";
        if (foreign.kind() == Refusal.Kind.SEALED_TRAFFIC) {
            return "refused by cluster " + cluster() + ": " + peers + " encrypt their traffic with a cluster secret and this"
                    + " peer has none; start it with the cluster's secure stack (e.g. PeerConfig.stack=secure-udp) and PeerConfig.secretFile=FILE";
        }
        return "refused by cluster " + cluster() + ": " + peers + " use a different cluster secret; start this peer with"
                + " the same PeerConfig.secretFile file as they do";
    }

    /**
     * On the loop: the elector decides on the new view within the same input, so the snapshot published after
     * it shows the view together with the leadership decided for it, and a listener that is told of the view
     * (a prompt, say) already sees that state. The leader events the decision causes follow the view's event.
     */
    private void decideView(View newView) {
        Optional<DuplicateNames.Verdict> duplicate = duplicates.judge(newView, channel.getAddress());
        if (duplicate.isPresent()) {
            if (duplicate.get().refusesSelf()) {
                refuseSelf(duplicate.get().notice()); // it stops leading before anyone is told why
            }
            state.record(new ElectionEvent.Notice(clock.instant(), name(), Notice.Kind.REFUSED, duplicate.get().notice()));
            if (duplicate.get().refusesSelf()) {
                return;
            }
        }
        ViewInfo info = Views.of(newView);
        Instant now = clock.instant();
        Leadership before = state.leadership();
        List<ElectionEvent.Subgroup> subgroups = new ArrayList<>();
        if (newView instanceof MergeView mergeView) {
            // each side's leader is asked before the elector sees the merge, while it still knows them
            for (View subgroup : mergeView.getSubgroups()) {
                ViewInfo side = Views.of(subgroup);
                subgroups.add(new ElectionEvent.Subgroup(side, elector.leaderOf(side)));
            }
        }
        state.viewInstalled(info, now);
        if (firstView && info.size() == 1) {
            state.record(new ElectionEvent.Notice(now, name(), Notice.Kind.ALONE, "alone in cluster " + cluster()
                    + ": no other peer answered discovery; check multicast, the bind address and the firewall"
                    + (sealed ? ", and that every peer has the same PeerConfig.secretFile" : "")));
        }
        firstView = false;
        elector.viewAccepted(info);
        if (newView instanceof MergeView) {
            // reported when the mode knows who leads after the merge (at once in coordinator mode)
            elector.mergeSettled(info).whenComplete((ignored, error) -> input(() -> {
                Leadership after = state.leadership();
                state.record(new ElectionEvent.Merged(clock.instant(), name(), info, subgroups, before.leader(),
                        after.leader(), before.epoch(), after.epoch()));
            }));
        }
    }

    /** A second process of this name, refused at a merge: it stops leading before anyone can see two, and leaves. */
    private void refuseSelf(String why) {
        state.refuse(Leadership.none(mode(), state.leadership().epoch(), clock.instant(), why));
        Thread leave = new Thread(this::close, "conclave-refused-" + name());
        leave.setDaemon(true);
        leave.start();
    }

    /**
     * Where the elector reports its current belief: on the loop, within the input that caused it. One reported
     * from another thread is queued as an input of its own.
     */
    private void publish(Leadership next) {
        if (loop.inLoop()) {
            state.publish(next);
        } else {
            loop.execute(() -> state.publish(next));
        }
    }

    /** A notice from the elector (an alarm, a warning); a warning is said once per distinct text. */
    private void noticeFromElector(Notice.Kind kind, String message) {
        if (kind != Notice.Kind.WARNING || warned.add(message)) {
            notice(kind, message);
        }
    }

    /** From any thread: a notice, dated now, announced in its place among the loop's inputs. */
    private void notice(Notice.Kind kind, String message) {
        ElectionEvent.Notice notice = new ElectionEvent.Notice(clock.instant(), name(), kind, message);
        input(() -> state.record(notice));
    }

    private void suspected(String member) {
        Instant at = clock.instant();
        input(() -> {
            // Failure detection can still fire for a member that has just left gracefully; that is no news.
            if (state.view().contains(member)) {
                state.record(new ElectionEvent.MemberSuspected(at, name(), member));
            }
        });
    }

    /** Queues one of the runtime's inputs; a lease that ran out (say, during a pause) is announced before it. */
    private void input(Runnable change) {
        loop.execute(() -> {
            recheckLapsedLease();
            change.run();
        });
    }

    /** On the loop: if this peer believes it leads on a lease that has run out, the elector decides again. */
    private void recheckLapsedLease() {
        lapseRecheckQueued.set(false);
        if (name().equals(state.leadership().leader()) && !leaseHolds()) {
            elector.recheck();
        }
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String cluster() {
        return config.cluster();
    }

    @Override
    public Mode mode() {
        return elector.mode();
    }

    /**
     * Checked against the lease at the moment of use, on the caller's thread: a peer that resumes after a pause
     * knows at once that it no longer leads. The loop is asked to decide again, and announces the loss (dated
     * when the lease ran out); this never waits for it, so a listener may call it.
     */
    @Override
    public Leadership leadership() {
        Leadership current = state.snapshot().leadership();
        if (!name().equals(current.leader()) || leaseHolds()) {
            return current;
        }
        if (lapseRecheckQueued.compareAndSet(false, true)) {
            loop.execute(this::recheckLapsedLease);
        }
        return Leadership.none(current.mode(), current.epoch(), clock.instant(), "lease ran out");
    }

    private boolean leaseHolds() {
        return elector.lease().map(LEASE::holdsNow).orElse(true);
    }

    @Override
    public boolean exclusiveLeadership() {
        return elector.exclusive();
    }

    @Override
    public Optional<LeaderSilence> leaderSilence() {
        String leader = leadership().leader();
        if (leader == null || leader.equals(name()) || lastHeard == null || detectionTimeout == null) {
            return Optional.empty();
        }
        Duration silent = lastHeard.silence(leader).orElseGet(() -> Duration.ofNanos(clock.nanos() - startedNanos));
        return Optional.of(new LeaderSilence(leader, silent, detectionTimeout));
    }

    @Override
    public ViewInfo view() {
        return state.snapshot().view();
    }

    @Override
    public List<MemberInfo> members() {
        View current = channel.getView();
        if (current == null) {
            return List.of();
        }
        String leader = leadership().leader();
        List<MemberInfo> members = new ArrayList<>();
        for (Address member : current.getMembers()) {
            String memberName = Views.name(member);
            Object physical = channel.down(new Event(Event.GET_PHYSICAL_ADDRESS, member));
            String address = physical instanceof PhysicalAddress p ? p.printIpAddress() : "?";
            Role role = elector.roleOf(memberName, leader);
            members.add(new MemberInfo(memberName, address, role, member.equals(channel.getAddress())));
        }
        return members;
    }

    @Override
    public Optional<String> awaitLeader(Duration timeout) throws InterruptedException {
        long deadline = clock.nanos() + timeout.toNanos();
        ElectionSnapshot seen = state.snapshot();
        while (seen.leadership().leader() == null) { // (a leader named here is re-checked by leadership() on use)
            long left = deadline - clock.nanos();
            if (left <= 0) {
                return Optional.empty();
            }
            seen = state.awaitOther(seen, left);
        }
        return Optional.of(seen.leadership().leader());
    }

    @Override
    public boolean awaitLeadership(Duration timeout) throws InterruptedException {
        long deadline = clock.nanos() + timeout.toNanos();
        while (!isLeader()) {
            long left = deadline - clock.nanos();
            if (left <= 0 || closed) {
                return false;
            }
            // woken by every publication, and the lease is looked at again meanwhile
            state.awaitOther(state.snapshot(), Math.min(left, LEASE_RECHECK_NANOS));
        }
        return true;
    }

    @Override
    public AutoCloseable whileLeading(LeaderWork work) {
        Optional<LEASE> lease = elector.lease();
        LeaderTasks tasks = new LeaderTasks(name(), work, this::leadership,
                () -> lease.map(LEASE::remainingNanos).orElse(Long.MAX_VALUE),
                lease.map(LEASE::guard).orElse(Duration.ZERO), this::notice);
        leaderTasks.add(tasks);
        return () -> {
            leaderTasks.remove(tasks);
            tasks.close();
        };
    }

    @Override
    public void addListener(ElectionListener listener) {
        bus.add(listener);
    }

    @Override
    public void removeListener(ElectionListener listener) {
        bus.remove(listener);
    }

    @Override
    public List<ElectionEvent> history() {
        return timeline.events();
    }

    @Override
    public List<ElectionEvent.Merged> merges() {
        return timeline.merges();
    }

    @Override
    public StackInfo stack() {
        return StackSummary.of(stack, mode(), channel.getProtocolStack());
    }

    @Override
    public Optional<ReplicatedStore> store() {
        return elector.store();
    }

    @Override
    public Optional<RaftControl> raft() {
        return elector.raft();
    }

    /** The JGroups channel, for the toolkit's own lab and fault injection; embedders should not need it. */
    @Override
    public JChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        leaderTasks.forEach(LeaderTasks::close); // the work stops while this peer still leads
        loop.close(elector::close); // after the inputs already queued; the loop then stops
        channel.close();
        // only now: the channel's close also closes the raft log, which the lock protects
        dataDirLock.close();
        bus.close();
    }
}
