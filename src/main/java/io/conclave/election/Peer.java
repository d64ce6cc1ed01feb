package io.conclave.election;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A running member of a cluster, as an embedding service sees it. Start one with
 * {@link io.conclave.Conclave#join(PeerConfig)}; the stack decides the election mode, the API is the same.
 */
public interface Peer extends AutoCloseable {

    String name();

    String cluster();

    Mode mode();

    /** What this peer currently believes about leadership. */
    Leadership leadership();

    /** The leader's name, or empty when this peer sees none. */
    default Optional<String> leader() {
        return leadership().leaderName();
    }

    default boolean isLeader() {
        return name().equals(leadership().leader());
    }

    /**
     * Whether leadership in this peer's mode is exclusive (quorum and raft modes): at no instant do two peers
     * both hold it, and every later leadership has a higher epoch than every earlier one. Without (coordinator
     * mode), each side of a partition has its own leader, and the two may share an epoch: then only
     * {@link Leadership#token()} tells their leaderships apart.
     */
    default boolean exclusiveLeadership() {
        return false;
    }

    /** The fencing token; it never goes down on this peer. */
    default long epoch() {
        return leadership().epoch();
    }

    /**
     * How long this peer has not heard from the leader it sees, against the failure-detection timeout; empty
     * when it leads itself, sees no leader, or its stack cannot tell (it has no fault-injection protocol).
     */
    default Optional<LeaderSilence> leaderSilence() {
        return Optional.empty();
    }

    /** The current view. */
    ViewInfo view();

    /** The members of the current view with their roles and addresses. */
    List<MemberInfo> members();

    /** Blocks until this peer sees a leader, up to {@code timeout}; empty if none appeared in time. */
    Optional<String> awaitLeader(Duration timeout) throws InterruptedException;

    /**
     * Blocks until this peer itself leads (with its lease, in the quorum and raft modes), up to {@code timeout};
     * true if it does. Like Curator's {@code LeaderLatch.await}.
     */
    boolean awaitLeadership(Duration timeout) throws InterruptedException;

    /**
     * Runs {@code work} on a thread of its own each time this peer gains leadership, with that leadership's
     * token. The work is told to stop (its thread interrupted, {@link Tenure#active()} false) when leadership
     * is lost, when the peer closes, and in the quorum and raft modes as soon as the lease is about to run out
     * without a renewal: before the lease ends, so the next leader never starts while this work is still told
     * it may run. Closing the returned handle stops the work and runs it no more.
     */
    AutoCloseable whileLeading(LeaderWork work);

    void addListener(ElectionListener listener);

    void removeListener(ElectionListener listener);

    /** Everything this peer observed, oldest first (bounded to the most recent events). */
    List<ElectionEvent> history();

    /** Every merge this peer observed, oldest first. */
    List<ElectionEvent.Merged> merges();

    /** The running stack: protocols and the timing settings that decide failover and merge speed. */
    StackInfo stack();

    /** The replicated key-value store; present in raft mode only. */
    default Optional<ReplicatedStore> store() {
        return Optional.empty();
    }

    /** Raft status and voting membership; present in raft mode only. */
    default Optional<RaftControl> raft() {
        return Optional.empty();
    }

    /** Shortcut for {@code raft().map(RaftControl::status)}. */
    default Optional<RaftStatus> raftStatus() {
        return raft().map(RaftControl::status);
    }

    /** Leaves the cluster gracefully (a new leader is chosen at once) and releases everything. */
    @Override
    void close();
}
