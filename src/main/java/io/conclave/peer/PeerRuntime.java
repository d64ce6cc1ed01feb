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
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** A peer: one JChannel, one elector, the events they produce. */
public final class PeerRuntime implements Peer, ChannelOwner {

    private final PeerConfig config;
    private final StackDefinition stack;
    private final JChannel channel;
    private final LeaderElector elector;
    private final EventBus bus;
    private final Timeline timeline = new Timeline();
    private final Clock clock = Clock.systemUTC();
    private final DataDirLock dataDirLock;

    private final long startedNanos = System.nanoTime();
    private LastHeard lastHeard;
    private Duration detectionTimeout;
    /** The stack seals its traffic with a cluster secret (SEAL). */
    private boolean sealed;

    private ViewInfo view = new ViewInfo("", 0, List.of());
    /**
     * The newest view, shown by {@link #view()} only together with the leadership the elector decides for it,
     * so that no reader sees a new view next to the leader of the old one.
     */
    private ViewInfo incomingView = view;
    /** The leader events of the view being decided, and the thread deciding it (see viewAccepted). */
    private List<ElectionEvent> deciding;
    private Thread decidingThread;
    private Leadership leadership;
    private volatile boolean closed;
    private boolean firstView = true;
    private final RefusalReporter refusals;
    private final List<LeaderTasks> leaderTasks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final DuplicateNames duplicates;
    /** Refused at a merge as a second process of this name: it leads nothing and is leaving. */
    private boolean refused;

    private PeerRuntime(PeerConfig config, StackDefinition stack, JChannel channel, LeaderElector elector,
                        DataDirLock dataDirLock) {
        this.config = config;
        this.stack = stack;
        this.channel = channel;
        this.elector = elector;
        this.dataDirLock = dataDirLock;
        this.bus = new EventBus(config.name());
        this.leadership = Leadership.none(elector.mode(), 0, clock.instant(), "not connected yet");
        this.duplicates = new DuplicateNames(config.cluster());
        this.refusals = new RefusalReporter(config.cluster(),
                line -> record(new ElectionEvent.Notice(clock.instant(), config.name(), Notice.Kind.REFUSED, line)), clock);
    }

    /** Starts a peer whose elector {@code electorFor} picks for its stack (the election mode). */
    public static PeerRuntime start(PeerConfig config, Function<StackDefinition, LeaderElector> electorFor,
                                    ElectionListener... listeners) {
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
                peer = new PeerRuntime(config, stack, channel, elector, dataDirLock);
                for (ElectionListener listener : listeners) {
                    peer.addListener(listener);
                }
                peer.wire();
                for (String warning : warnings) {
                    peer.record(new ElectionEvent.Notice(peer.clock.instant(), config.name(), Notice.Kind.WARNING, warning));
                }
                elector.attach(new ElectorContext(channel, config, stack, peer::publish, peer::noticeFromElector));
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
        FaultSwitch.wire(protocols, config.allowFaults(), line -> record(new ElectionEvent.Notice(clock.instant(), name(), Notice.Kind.FAULTS, line)));
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
                PeerRuntime.this.viewAccepted(newView);
            }
        });
    }

    private void connect() {
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
     * The elector decides on the new view before anything is announced: readers of {@link #view()} and
     * {@link #leadership()} never see a new view next to the leader of the old one, and a listener that is told
     * of the view (a prompt, say) already sees the state that goes with it. The leader events the decision
     * causes are announced after the view event.
     */
    private void viewAccepted(View newView) {
        Optional<DuplicateNames.Verdict> duplicate = duplicates.judge(newView, channel.getAddress());
        if (duplicate.isPresent()) {
            if (duplicate.get().refusesSelf()) {
                refuseSelf(duplicate.get().notice()); // it stops leading before anyone is told why
            }
            record(new ElectionEvent.Notice(clock.instant(), name(), Notice.Kind.REFUSED, duplicate.get().notice()));
            if (duplicate.get().refusesSelf()) {
                return;
            }
        }
        ViewInfo info = Views.of(newView);
        Instant now = clock.instant();
        Leadership before = leadership();
        List<ElectionEvent.Subgroup> subgroups = new ArrayList<>();
        if (newView instanceof MergeView mergeView) {
            // each side's leader is asked before the elector sees the merge, while it still knows them
            for (View subgroup : mergeView.getSubgroups()) {
                ViewInfo side = Views.of(subgroup);
                subgroups.add(new ElectionEvent.Subgroup(side, elector.leaderOf(side)));
            }
        }
        boolean first;
        // this call's own list: two views can be accepted at once (the joiner's first view during connect and
        // one from the network), and a shared field read back here was then the other call's, or null
        List<ElectionEvent> decided = new ArrayList<>();
        synchronized (this) {
            incomingView = info;
            first = firstView;
            firstView = false;
            deciding = decided;
            decidingThread = Thread.currentThread();
        }
        try {
            elector.viewAccepted(info);
        } finally {
            synchronized (this) {
                view = info; // also when the elector's belief did not change with the view
                if (deciding == decided) {
                    deciding = null;
                    decidingThread = null;
                }
            }
        }
        record(new ElectionEvent.ViewChanged(now, name(), info));
        if (first && info.size() == 1) {
            record(new ElectionEvent.Notice(now, name(), Notice.Kind.ALONE, "alone in cluster " + cluster()
                    + ": no other peer answered discovery; check multicast, the bind address and the firewall"
                    + (sealed ? ", and that every peer has the same --secret" : "")));
        }
        decided.forEach(this::record);
        if (newView instanceof MergeView) {
            // reported when the mode knows who leads after the merge (at once in coordinator mode)
            elector.mergeSettled(info).whenComplete((ignored, error) -> {
                Leadership after = leadership();
                record(new ElectionEvent.Merged(clock.instant(), name(), info, subgroups, before.leader(),
                        after.leader(), before.epoch(), after.epoch()));
            });
        }
    }

    /** A second process of this name, refused at a merge: it stops leading before anyone can see two, and leaves. */
    private void refuseSelf(String why) {
        publish(Leadership.none(mode(), leadership().epoch(), clock.instant(), why));
        synchronized (this) {
            refused = true;
        }
        Thread leave = new Thread(this::close, "conclave-refused-" + name());
        leave.setDaemon(true);
        leave.start();
    }

    /** Called by the elector with its current belief; turns a change into leader events. */
    private void publish(Leadership next) {
        Leadership previous;
        Leadership current;
        List<ElectionEvent> events = new ArrayList<>();
        boolean deferred;
        synchronized (this) {
            if (refused) {
                return;
            }
            previous = leadership;
            long epoch = Math.max(previous.epoch(), next.epoch());
            boolean leaderChanged = !Objects.equals(previous.leader(), next.leader())
                    || !Objects.equals(previous.reason(), next.reason());
            Instant since = leaderChanged ? next.since() : previous.since();
            current = new Leadership(next.mode(), next.leader(), epoch, since, next.reason());
            leadership = current;
            view = incomingView;
            notifyAll();
            if (!leaderChanged && !(next.mode() == Mode.RAFT && epoch != previous.epoch())) {
                return;
            }
            // while the view that caused it is being decided, the events wait for the view's own event
            deferred = decidingThread == Thread.currentThread();
            if (deferred) {
                events = deciding;
            }
        }
        Instant now = current.since();
        events.add(new ElectionEvent.LeaderChanged(now, name(), current.mode(), previous.leader(), current.leader(),
                current.epoch(), current.reason()));
        boolean wasLeader = name().equals(previous.leader());
        boolean isLeader = name().equals(current.leader());
        if (isLeader && !wasLeader) {
            events.add(new ElectionEvent.LeadershipGained(now, name(), current.epoch()));
        } else if (wasLeader && !isLeader) {
            events.add(new ElectionEvent.LeadershipLost(now, name(), current.epoch(), current.leader()));
        }
        if (!deferred) {
            events.forEach(this::record);
        }
    }

    /** A notice from the elector (an alarm, a warning); a warning is said once per distinct text. */
    private void noticeFromElector(Notice.Kind kind, String message) {
        if (kind != Notice.Kind.WARNING || warned.add(message)) {
            record(new ElectionEvent.Notice(clock.instant(), name(), kind, message));
        }
    }

    private void suspected(String member) {
        // Failure detection can still fire for a member that has just left gracefully; that is no news.
        if (!view().contains(member)) {
            return;
        }
        record(new ElectionEvent.MemberSuspected(clock.instant(), name(), member));
    }

    private void record(ElectionEvent event) {
        if (!(event instanceof ElectionEvent.LeaderChanged || event instanceof ElectionEvent.LeadershipLost
                || event instanceof ElectionEvent.LeadershipGained)) {
            leadership(); // a lease that ran out (say, during a pause) is announced before anything else
        }
        timeline.add(event);
        bus.publish(event);
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
     * Checked against the lease at the moment of use: a peer that resumes after a pause knows at once that it no
     * longer leads, and the loss is announced (dated when the lease ran out) before it answers.
     */
    @Override
    public Leadership leadership() {
        Leadership current = believed();
        if (!name().equals(current.leader()) || leaseHolds()) {
            return current;
        }
        elector.recheck();
        current = believed();
        if (name().equals(current.leader()) && !leaseHolds()) {
            return Leadership.none(current.mode(), current.epoch(), clock.instant(), "lease ran out");
        }
        return current;
    }

    private boolean leaseHolds() {
        return elector.lease().map(LEASE::holdsNow).orElse(true);
    }

    private synchronized Leadership believed() {
        return leadership;
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
        Duration silent = lastHeard.silence(leader).orElseGet(() -> Duration.ofNanos(System.nanoTime() - startedNanos));
        return Optional.of(new LeaderSilence(leader, silent, detectionTimeout));
    }

    @Override
    public synchronized ViewInfo view() {
        return view;
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
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (leadership.leader() == null) { // (a leader named here is re-checked by leadership() on use)
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return Optional.of(leadership.leader());
        }
    }

    @Override
    public boolean awaitLeadership(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isLeader()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed) {
                return false;
            }
            synchronized (this) {
                wait(Math.max(1, Math.min(50, left / 1_000_000))); // woken by every publication; the lease is re-checked
            }
        }
        return true;
    }

    @Override
    public AutoCloseable whileLeading(LeaderWork work) {
        Optional<LEASE> lease = elector.lease();
        LeaderTasks tasks = new LeaderTasks(name(), work, this::leadership,
                () -> lease.map(LEASE::remainingNanos).orElse(Long.MAX_VALUE),
                lease.map(LEASE::guard).orElse(Duration.ZERO), (kind, message) -> record(new ElectionEvent.Notice(clock.instant(), name(), kind, message)));
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
        elector.close();
        channel.close();
        // only now: the channel's close also closes the raft log, which the lock protects
        dataDirLock.close();
        bus.close();
    }
}
