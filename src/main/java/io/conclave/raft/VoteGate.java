package io.conclave.raft;

import io.conclave.lease.LeaseKeeper;
import io.conclave.spi.RuntimeProtocol;
import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.Header;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.raft.RaftHeader;
import org.jgroups.raft.util.Utils;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Ties jgroups-raft's elections to the lease (Raft §6.4.1): a member holds back a vote request while it has
 * promised a lease to another peer, and passes it on when the promise ends. So no new leader is elected, and
 * none commits a write, while a cut-off leader still holds its lease: that is what makes its lease reads
 * linearizable (docs/leases.md). Crashes and graceful leaves end promises at once (the exit watch), and
 * failure detection outlasts the lease, so the wait shows only when connections are reset while the old
 * leader lives.
 * <p>
 * A held-back request still moves this member to its term at once, without a vote, as Raft has every server do on
 * seeing a higher term: this member then follows no leader of an earlier term and grants it no lease, so a
 * leader that keeps its lease while a member has moved on to a higher term (one that voted in vain, unheard by
 * a leader that never learns of it: jgroups-raft sends no answer to an append of an older term) loses its
 * majority, its promises run out, and the held-back vote goes through. Without this the member would stay
 * outside the leader's term for good. No leader is elected by it, so lease reads stay safe.
 * <p>
 * Only the newest held-back request of each sender is passed on: an older one would answer a voting round that
 * is over, and jgroups-raft 1.1.4 counts a vote without looking at its term. A request this peer sends ends its
 * own lease of an earlier term first. Inserted by the raft elector just below the election protocol.
 */
final class VoteGate extends Protocol implements RuntimeProtocol {

    /**
     * jgroups-raft's vote request, known by its magic id: its class's package is not exported by jgroups-raft's
     * module, so in a named module an instanceof would throw IllegalAccessError (loading the class is allowed).
     */
    private static final short VOTE_REQUEST = voteRequestMagicId();

    private final short electionId;
    private final LeaseKeeper keeper;
    private final LongSupplier clock;
    private final Runnable onLeaseChange;
    private final LongConsumer adoptTerm;
    private final Map<Address, Message> heldBack = new ConcurrentHashMap<>();

    VoteGate(short electionId, LeaseKeeper keeper, LongSupplier clock, Runnable onLeaseChange, LongConsumer adoptTerm) {
        this.electionId = electionId;
        this.keeper = keeper;
        this.clock = clock;
        this.onLeaseChange = onLeaseChange;
        this.adoptTerm = adoptTerm;
    }

    @Override
    public Object down(Message msg) {
        RaftHeader request = voteRequest(msg);
        if (request != null) {
            keeper.ballotSent(request.currTerm(), clock.getAsLong());
            onLeaseChange.run();
        }
        return down_prot.down(msg);
    }

    @Override
    public Object up(Message msg) {
        return admit(msg) ? up_prot.up(msg) : null;
    }

    @Override
    public void up(MessageBatch batch) {
        for (var it = batch.iterator(); it.hasNext(); ) {
            if (!admit(it.next())) {
                it.remove();
            }
        }
        if (!batch.isEmpty()) {
            up_prot.up(batch);
        }
    }

    /** Whether {@code msg} may go up now; a vote request that may not is held back until the promise ends. */
    private boolean admit(Message msg) {
        RaftHeader request = voteRequest(msg);
        if (request == null) {
            return true;
        }
        long waitNanos = ballotWait(msg, request);
        if (waitNanos == 0) {
            return true;
        }
        adoptTerm.accept(request.currTerm());
        heldBack.put(msg.getSrc(), msg);
        retryAfter(msg, waitNanos);
        return false;
    }

    /**
     * The lease state changed (a promise may have ended early, on proof that its holder's process exited): held-back
     * requests that may go now go at once instead of at the promise's planned end.
     */
    void leaseChanged() {
        for (Message msg : heldBack.values()) {
            passIfFree(msg);
        }
    }

    /** Passes {@code msg} up if it is still the newest held back from its sender and may go; the wait left, or 0. */
    private long passIfFree(Message msg) {
        if (heldBack.get(msg.getSrc()) != msg) {
            return 0;
        }
        long waitNanos = ballotWait(msg, voteRequest(msg));
        if (waitNanos == 0 && heldBack.remove(msg.getSrc(), msg)) {
            up_prot.up(msg);
        }
        return waitNanos;
    }

    private void retryAfter(Message msg, long waitNanos) {
        long delayMs = TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1;
        getTransport().getTimer().schedule(() -> {
            long left = passIfFree(msg);
            if (left > 0) {
                retryAfter(msg, left); // promised again meanwhile, to a peer that still leads
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    /** How long {@code msg}, carrying {@code request}, must still be held back; 0 if it may go. */
    private long ballotWait(Message msg, RaftHeader request) {
        return msg.getSrc() == null ? 0
                : keeper.ballotWait(Utils.extractRaftId(msg.getSrc()), request.currTerm(), clock.getAsLong());
    }

    /** {@code msg}'s vote request, or null if it carries none. */
    private RaftHeader voteRequest(Message msg) {
        Header header = msg.getHeader(electionId);
        return header != null && header.getMagicId() == VOTE_REQUEST ? (RaftHeader) header : null;
    }

    private static short voteRequestMagicId() {
        try {
            return ClassConfigurator.getMagicNumber(Class.forName("org.jgroups.protocols.raft.election.VoteRequest"));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("jgroups-raft without its VoteRequest: " + e.getMessage(), e);
        }
    }
}
