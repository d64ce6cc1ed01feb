package io.conclave.spi;

import io.conclave.election.Mode;
import io.conclave.election.RaftControl;
import io.conclave.election.ReplicatedStore;
import io.conclave.election.Role;
import io.conclave.election.ViewInfo;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * How one election mode decides who leads. The peer runtime owns the channel and the events; an elector
 * only turns what it observes into {@link io.conclave.election.Leadership} values published through its
 * {@link ElectorContext}.
 */
public interface LeaderElector extends AutoCloseable {

    Mode mode();

    /**
     * Whether this mode's leadership is exclusive: at no instant do two peers both hold it, and every later
     * leadership carries a higher epoch (quorum and raft modes, through the lease). Without it, each side of a
     * partition has its own leader and only the pair (epoch, leader) tells two leaderships apart.
     */
    default boolean exclusive() {
        return false;
    }

    /**
     * The lease this peer's leadership is held on (quorum and raft modes); empty where leadership needs none.
     * The runtime checks it at the moment leadership is used.
     */
    default Optional<io.conclave.lease.LEASE> lease() {
        return Optional.empty();
    }

    /** Decides again now and publishes the result; called on the peer's loop when the lease turned out to have run out. */
    default void recheck() {
    }

    /** Called once after the channel is built and before it connects. */
    void attach(ElectorContext context);

    /**
     * Called once the channel is connected. An exception here (a configuration problem only visible once
     * the peer runs) makes the runtime close the peer and rethrow it.
     */
    default void connected() {
    }

    /** Called for every installed view (merge views included), in order, on the peer's loop. */
    void viewAccepted(ViewInfo view);

    /**
     * The leader the given side had by this mode's rules, or null if none or not knowable from here. Called
     * for each side of a merge, on the peer's loop, before {@link #viewAccepted} sees the merge view.
     */
    String leaderOf(ViewInfo subgroup);

    /**
     * Completes once this mode has settled who leads after the given merge view, so the merge report can say
     * whether the merge changed the leader. Coordinator mode decides with the view itself; raft mode needs
     * a round of messages.
     */
    default CompletableFuture<Void> mergeSettled(ViewInfo merged) {
        return CompletableFuture.completedFuture(null);
    }

    /** The role shown for a member of the view: leader, follower, or a mode's own (raft: learner). */
    default Role roleOf(String member, String leader) {
        return member.equals(leader) ? Role.LEADER : Role.FOLLOWER;
    }

    /** The replicated store, for modes that have one. */
    default Optional<ReplicatedStore> store() {
        return Optional.empty();
    }

    /** Raft status and membership, in raft mode. */
    default Optional<RaftControl> raft() {
        return Optional.empty();
    }

    @Override
    default void close() {
    }
}
