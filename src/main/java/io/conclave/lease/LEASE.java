package io.conclave.lease;

import io.conclave.exit.ExitWatch;
import io.conclave.exit.WatchedHost;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jgroups.Address;
import org.jgroups.EmptyMessage;
import org.jgroups.Event;
import org.jgroups.Message;
import org.jgroups.View;
import org.jgroups.annotations.MBean;
import org.jgroups.annotations.Property;
import org.jgroups.conf.AttributeType;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.stack.Protocol;
import org.jgroups.stack.ProtocolStack;
import org.jgroups.util.MessageBatch;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The leader lease of the quorum and raft modes (see docs/leases.md for the argument). The peer the mode's
 * rule names as leader asks every member for a lease every {@code renew_interval}; it leads only while a
 * majority of voters granted a request it sent within the lease. A member that grants promises to grant no
 * one else for a little longer than the lease. Messages are sent unreliably and out of band, like heartbeats:
 * a lost one costs nothing, and a late one grants nothing past its send time.
 * <p>
 * A stack may declare it (to set the lease); a quorum or raft stack that does not gets one at run time with
 * the defaults. It must sit above the transport's security and fault protocols, so the runtime puts it just
 * below GMS.
 */
@MBean(description = "Leader lease: a leader holds leadership only while a majority granted it recently")
public class LEASE extends Protocol {

    static final short PROTOCOL_ID = 1510;

    static {
        ClassConfigurator.addProtocol(PROTOCOL_ID, LEASE.class);
        ClassConfigurator.add(LeaseHeader.MAGIC_ID, LeaseHeader.class);
    }

    private static final Logger LOG = LogManager.getLogger(LEASE.class);
    /** How soon a candidate asks again a member that was still promised to someone else. */
    private static final long BUSY_RETRY_MAX_MS = 50;

    @Property(description = "How long a lease lasts: a leader that has no majority's grant within it steps down, and "
            + "a new leader starts only after the grants to the old one have run out. Must be shorter than the "
            + "failure-detection timeout.", type = AttributeType.TIME)
    protected long duration = 1500;

    @Property(description = "How often the leader renews its lease (0: a fifth of the lease)", type = AttributeType.TIME)
    protected long renew_interval;

    @Property(description = "Replace a crashed leader at once: an orderly end of a TCP connection to the leader's "
            + "process proves that it has ended (see ExitWatch). Off, crash failover waits out the lease.")
    protected boolean trust_process_exit = true;

    @Property(description = "Raft mode: the leader answers linearizable reads (get, keys) from its own copy while it "
            + "holds the lease, without a log entry; for that, members vote for no one while they promised a lease "
            + "to another peer. Off, every linearizable read is a log entry and votes are not held back.")
    protected boolean lease_reads = true;

    @Property(description = "Ask for the lease as soon as this peer is about to be the candidate, before its election loop "
            + "has seen why: in quorum mode when the coordinator is suspected and this peer is next, or a view making it "
            + "coordinator passes down; in raft mode when jgroups-raft makes it leader. Off, it asks from the loop.")
    protected boolean claim_ahead = true;

    private final LongSupplier clock = System::nanoTime;
    private volatile LeaseKeeper keeper;
    private volatile LongSupplier floor = () -> 0;
    private volatile Runnable onChange = () -> { };
    private ScheduledExecutorService sender;
    private ExitWatch<Holder> exitWatch;
    private volatile boolean stopped;
    private final java.util.concurrent.atomic.AtomicBoolean retryPending = new java.util.concurrent.atomic.AtomicBoolean();
    /** Quorum mode: would this peer be the candidate of a view of these members (names in view order)? */
    private volatile Predicate<List<String>> candidateOf;
    private volatile int majority;
    /** The view as it last passed down from GMS: the one installed, or about to be. */
    private volatile View view;
    /**
     * The latest request from each peer that this member answered "busy" because of a promise to another holder:
     * if the exit watch then ends that promise, it is answered again at once instead of at the requester's retry.
     */
    private final Map<Address, Waiting> waiting = new ConcurrentHashMap<>();

    private record Waiting(LeaseHeader request, long receivedNanos) {
    }

    /** The LEASE of {@code stack}, inserted just below GMS if the stack file declares none. */
    public static LEASE in(ProtocolStack stack) {
        LEASE lease = stack.findProtocol(LEASE.class);
        if (lease == null) {
            lease = new LEASE();
            stack.insertProtocolInStack(lease, stack.findProtocol(org.jgroups.protocols.pbcast.GMS.class),
                    ProtocolStack.Position.BELOW);
        }
        return lease;
    }

    public Duration duration() {
        return Duration.ofMillis(duration);
    }

    public boolean leaseReads() {
        return lease_reads;
    }

    public LeaseTerms terms() {
        return renew_interval > 0 ? new LeaseTerms(duration(), Duration.ofMillis(renew_interval))
                : LeaseTerms.of(duration());
    }

    /**
     * Starts the lease for this peer, before the channel connects.
     *
     * @param keeper   the lease state
     * @param floor    the lowest token this member grants (raft: its current term)
     * @param onChange called whenever a message changed the lease state
     */
    public void activate(LeaseKeeper keeper, LongSupplier floor, Runnable onChange) {
        this.keeper = keeper;
        this.floor = floor;
        this.onChange = onChange;
    }

    /**
     * Quorum mode: claim ahead of the view ({@link LeaseKeeper#claimAhead}) when this peer is about to take over
     * as coordinator: when the coordinator is suspected and this peer is next in the view, or when a view that
     * makes it coordinator passes down. A crashed leader's successor then asks for its lease while GMS is still
     * installing the view, so the grants are in by the time the election loop sees it.
     *
     * @param candidateOf whether this peer would be the mode's candidate of a view of these members, in view order
     * @param majority    how many voters' grants make a lease
     */
    public void claimAheadOfViews(Predicate<List<String>> candidateOf, int majority) {
        this.majority = majority;
        this.candidateOf = candidateOf;
    }

    /** Whether a peer asks for the lease before its election loop has seen that it is the candidate. */
    public boolean claimsAhead() {
        return claim_ahead;
    }

    public LeaseKeeper keeper() {
        return keeper;
    }

    public long now() {
        return clock.getAsLong();
    }

    /** The wall-clock instant of a moment {@code nanos} on the monotonic clock (for event time stamps). */
    public Instant instantOf(long nanos) {
        return Instant.now().minusNanos(Math.max(0, now() - nanos));
    }

    /** Whether this peer holds the lease now (true before it is activated: nothing to hold). */
    public boolean holdsNow() {
        LeaseKeeper k = keeper;
        return k == null || k.holds(now());
    }

    /**
     * How long before an unrenewed lease would run out work run while leading is told to stop: a quarter of the
     * lease, more than a renewal interval, so it only happens when renewals stopped arriving.
     */
    public Duration guard() {
        return duration().dividedBy(4);
    }

    /** What is left of this peer's lease now; 0 if it holds none. */
    public long remainingNanos() {
        LeaseKeeper k = keeper;
        return k == null ? 0 : k.remaining(now());
    }

    @Override
    public void init() throws Exception {
        super.init();
        if (duration <= 0) {
            throw new IllegalArgumentException("LEASE duration must be positive, but is " + duration);
        }
        if (renew_interval < 0 || renew_interval >= duration) {
            throw new IllegalArgumentException("LEASE renew_interval must be shorter than duration (" + duration
                    + " ms), but is " + renew_interval);
        }
    }

    @Override
    public void start() throws Exception {
        super.start();
        if (keeper == null) {
            return;
        }
        String peer = keeper.self().name();
        if (trust_process_exit) {
            try {
                exitWatch = ExitWatch.open(keeper.self().incarnation(), getTransport().getBindAddress(), peer);
            } catch (IOException e) {
                LOG.warn("{}: no exit watch ({}); a crashed leader is replaced after the lease runs out", peer, e.getMessage());
            }
        }
        sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "conclave-lease-" + peer);
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY); // renewals must not starve behind application work
            return t;
        });
        long every = keeper.terms().renewEvery().toMillis();
        sender.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        stopped = true;
        if (sender != null) {
            sender.shutdownNow();
        }
        if (exitWatch != null) {
            exitWatch.close(); // after the runtime stopped leading: members may now release their promise
        }
        super.stop();
    }

    /** Sends a request now if this peer has a claim: at once when it becomes the candidate, then on schedule. */
    public void requestSoon() {
        if (sender == null || stopped) {
            return;
        }
        try {
            sender.execute(this::renew);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** One retry at a time, however many members answered "busy": a retry per answer would multiply. */
    private void retrySoon(long delayMs) {
        if (sender == null || stopped || !retryPending.compareAndSet(false, true)) {
            return;
        }
        try {
            sender.schedule(() -> {
                retryPending.set(false);
                renew();
            }, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            retryPending.set(false); // stopping
        }
    }

    private void renew() {
        LeaseKeeper k = keeper;
        if (k == null || stopped) {
            return;
        }
        try {
            long now = now();
            long token = k.nextRequest(now);
            if (token < 0) {
                return;
            }
            String host = exitWatch == null ? "" : exitWatch.host();
            int port = exitWatch == null ? 0 : exitWatch.port();
            Message request = new EmptyMessage(null)
                    .putHeader(id, LeaseHeader.request(k.self(), token, now, host, port))
                    .setFlag(Message.Flag.OOB, Message.Flag.NO_RELIABILITY, Message.Flag.DONT_BUNDLE, Message.Flag.NO_FC);
            request.setFlag(Message.TransientFlag.DONT_LOOPBACK);
            down_prot.down(request);
            k.grantSelf(token, now, floor.getAsLong(), now());
            onChange.run(); // the own grant may have completed the majority
        } catch (RuntimeException e) {
            LOG.warn("lease renewal failed", e);
        }
    }

    @Override
    public Object down(Event evt) {
        if (evt.getType() == Event.VIEW_CHANGE) {
            View before = view;
            View next = evt.getArg();
            view = next;
            if (before != null && !next.getMembers().isEmpty() && !before.getCoord().equals(local_addr)) {
                succeed(before.getCoord(), next.getMembers());
            }
        }
        return down_prot.down(evt);
    }

    @Override
    public Object up(Event evt) {
        if (evt.getType() == Event.SUSPECT) {
            View current = view;
            Collection<Address> suspects = evt.getArg();
            if (current != null && suspects.contains(current.getCoord())) {
                List<Address> rest = new ArrayList<>(current.getMembers());
                rest.removeAll(suspects);
                succeed(current.getCoord(), rest); // GMS makes the first member not suspected the coordinator
            }
        }
        return up_prot.up(evt);
    }

    /** Claims ahead if this peer, first of {@code members}, would be the candidate of a view of them. */
    private void succeed(Address predecessor, List<Address> members) {
        Predicate<List<String>> candidate = candidateOf;
        LeaseKeeper k = keeper;
        if (!claim_ahead || candidate == null || k == null || stopped || members.isEmpty()
                || !members.get(0).equals(local_addr)) {
            return;
        }
        if (candidate.test(members.stream().map(String::valueOf).toList())
                && k.claimAhead(String.valueOf(predecessor), -1, majority, now())) {
            LOG.debug("{}: taking over from {}: asking for the lease ahead of the view", local_addr, predecessor);
            requestSoon();
        }
    }

    @Override
    public Object up(Message msg) {
        LeaseHeader header = msg.getHeader(id);
        if (header == null) {
            return up_prot.up(msg);
        }
        handle(msg.getSrc(), header);
        return null;
    }

    @Override
    public void up(MessageBatch batch) {
        for (var it = batch.iterator(); it.hasNext(); ) {
            Message msg = it.next();
            LeaseHeader header = msg.getHeader(id);
            if (header != null) {
                it.remove();
                handle(msg.getSrc(), header);
            }
        }
        if (!batch.isEmpty()) {
            up_prot.up(batch);
        }
    }

    private void handle(Address from, LeaseHeader header) {
        LeaseKeeper k = keeper;
        if (k == null || stopped || from == null) {
            return;
        }
        long now = now();
        switch (header.kind) {
            case REQUEST -> answer(k, from, header, now);
            case GRANTED -> {
                if (header.holderId().equals(k.self())) {
                    k.onGranted(header.sender, header.token, header.sentNanos, now);
                }
            }
            case BUSY -> {
                if (header.holderId().equals(k.self())) {
                    retrySoon(Math.min(BUSY_RETRY_MAX_MS, TimeUnit.NANOSECONDS.toMillis(header.value) + 1));
                }
            }
            case STALE -> {
                if (header.holderId().equals(k.self())) {
                    k.onStale(header.token, header.value, now);
                }
            }
        }
        onChange.run();
    }

    /**
     * Answers again the requests refused as busy, received within a renewal interval (older ones have been sent
     * again, or their sender has given up) and not from the holder that exited: the promise that made them wait
     * may just have ended. A late grant is safe: the holder counts its lease from the request's send time, the
     * member its promise from now.
     */
    private void answerWaiting(LeaseKeeper k, Holder exited) {
        long now = now();
        waiting.forEach((from, pending) -> {
            if (waiting.remove(from, pending) && !pending.request().holderId().equals(exited)
                    && now - pending.receivedNanos() < k.terms().renewEvery().toNanos()) {
                answer(k, from, pending.request(), now);
            }
        });
    }

    private void answer(LeaseKeeper k, Address from, LeaseHeader request, long now) {
        Holder holder = request.holderId();
        Answer answer = k.onRequest(holder, request.token, floor.getAsLong(), now);
        if (answer == null) {
            return;
        }
        if (answer instanceof Answer.Granted && exitWatch != null) {
            exitWatch.watch(holder, holder.name(), holder.incarnation(), WatchedHost.of(request.other, from, down_prot),
                    request.watchPort, exited -> {
                        k.holderExited(exited);
                        answerWaiting(k, exited);
                        if (k.awaitsGrants(now())) {
                            requestSoon(); // its own grant, refused while it had promised the exited holder
                        }
                        onChange.run();
                    });
        }
        if (answer instanceof Answer.Busy) {
            waiting.put(from, new Waiting(request, now));
        } else {
            waiting.remove(from);
        }
        Message reply = new EmptyMessage(from).putHeader(id, LeaseHeader.answer(request, answer, k.self().name()))
                .setFlag(Message.Flag.OOB, Message.Flag.NO_RELIABILITY, Message.Flag.DONT_BUNDLE, Message.Flag.NO_FC);
        down_prot.down(reply);
    }
}
