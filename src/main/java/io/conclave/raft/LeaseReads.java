package io.conclave.raft;

import io.conclave.lease.LeaseKeeper;
import org.jgroups.protocols.raft.RAFT;

import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Linearizable reads the leader answers from its own copy, without a log entry, while it holds the lease
 * (Raft §6.4.1). Three things make such a read see every write acknowledged before it started:
 * <ul>
 *   <li>no other leader commits anything while this one holds its lease ({@link VoteGate}: members vote for no
 *       one while they promised a lease to this peer);</li>
 *   <li>this leader has committed an entry of its own term, so its commit index covers every entry committed
 *       by earlier leaders, and jgroups-raft applies entries as it commits them: the first linearizable read of
 *       a term goes through the log and, once answered, marks the term ready;</li>
 *   <li>the lease still holds after the copy was read, not only before: a pause between the check and the read
 *       cannot slip a stale answer through.</li>
 * </ul>
 * Anything else (a follower, a leader without a lease, a term not yet ready) reads through the log.
 */
final class LeaseReads {

    private final RAFT raft;
    private final LeaseKeeper keeper;
    private final LongSupplier clock;
    private final boolean enabled;
    /** The highest term in which a read through the log, sent while this peer led in it, was answered. */
    private volatile long readyTerm = -1;
    private final LongAdder answered = new LongAdder();

    LeaseReads(RAFT raft, LeaseKeeper keeper, LongSupplier clock, boolean enabled) {
        this.raft = raft;
        this.keeper = keeper;
        this.clock = clock;
        this.enabled = enabled;
    }

    /** Whether lease reads are on (and with them the {@link VoteGate}). */
    boolean enabled() {
        return enabled;
    }

    /** The answer from this peer's copy, if the lease allows one now; empty: read through the log. */
    <T> Optional<T> read(Supplier<T> fromCopy) {
        long term = leaseTerm();
        if (term < 0 || readyTerm != term) {
            return Optional.empty();
        }
        T answer = fromCopy.get();
        if (leaseTerm() != term) {
            return Optional.empty();
        }
        answered.increment();
        return Optional.of(answer);
    }

    /** How many reads this peer answered from its copy under the lease. */
    long answered() {
        return answered.sum();
    }

    /**
     * A read through the log, sent while this peer led in {@code term}, was answered: an entry of {@code term}
     * is committed. (Had this peer lost the lead before the read was appended, another leader appended it in a
     * later term; this peer never leads in {@code term} again, so marking it is harmless.)
     */
    void logReadAnswered(long term) {
        if (term > readyTerm) { // -1 (not leading) is never above it
            readyTerm = term;
        }
    }

    /** The term in which this peer leads and holds the lease now, or -1. */
    private long leaseTerm() {
        long term = leadingTerm();
        return term >= 0 && keeper.heldToken(clock.getAsLong()) == term ? term : -1;
    }

    /**
     * The term this peer leads in now, or -1 (or -1 always, with lease reads off); before a read goes through the
     * log, the term to mark ready once it is answered. The term is read on both sides of the leader check: a peer
     * that stepped down in between may already be in a later term that it does not lead, and marking that term
     * would let it answer from its copy if it were elected in it later.
     */
    long leadingTerm() {
        if (!enabled) {
            return -1;
        }
        long term = raft.currentTerm();
        return raft.isLeader() && raft.currentTerm() == term ? term : -1;
    }
}
