package io.conclave.raft;

import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.RaftImpl;
import org.jgroups.protocols.raft.Role;

import java.util.function.Supplier;

/**
 * jgroups-raft's RAFT, except that a change to the follower role installs {@link FollowerAppendCheck}'s follower
 * directly. Stock RAFT installs its own follower first and tells its role listeners after, and a role change often
 * runs on another thread than the one that handles AppendEntries (the voting thread, a "leader elected" message, a
 * held-back vote request moving the term): an append handled between the two would meet jgroups-raft's follower,
 * whose handling lets a committed log diverge (FollowerAppendCheck). Seen once in a 30-round
 * RaftRandomPartitionTest: a copy's committed log differed from the leader's over 1,500 entries.
 * <p>
 * Stacks name {@code raft.RAFT}; the channel factory builds this class in its place (the same properties), and it
 * keeps RAFT's protocol id and name, so its messages are RAFT's and it reports itself as RAFT.
 */
public class CHECKED_RAFT extends RAFT {

    private volatile Supplier<FollowerAppendCheck.Follower> follower;

    public CHECKED_RAFT() {
        setId(ClassConfigurator.getProtocolId(RAFT.class));
    }

    @Override
    public String getName() {
        return RAFT.class.getSimpleName();
    }

    /** From every later change to the follower role on, the follower role is {@code follower}'s. */
    void followWith(Supplier<FollowerAppendCheck.Follower> follower) {
        this.follower = follower;
    }

    /** As RAFT's: a no-op for the role already held, else the old role ends, the new one starts, listeners hear. */
    @Override
    protected RAFT changeRole(Role role) {
        Supplier<FollowerAppendCheck.Follower> make = follower;
        if (role != Role.Follower || make == null) {
            return super.changeRole(role);
        }
        RaftImpl old = impl;
        if (old instanceof FollowerAppendCheck.Follower) {
            return this;
        }
        RaftImpl next = make.get();
        if (old != null) {
            old.destroy();
        }
        next.init();
        impl = next;
        notifyRoleChangeListeners(role);
        return this;
    }
}
