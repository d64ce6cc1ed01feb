package io.conclave.raft;

import org.jgroups.Address;
import org.jgroups.protocols.raft.AppendResult;
import org.jgroups.protocols.raft.Log;
import org.jgroups.protocols.raft.LogEntries;
import org.jgroups.protocols.raft.LogEntry;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.RaftImpl;
import org.jgroups.protocols.raft.Role;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Replaces jgroups-raft 1.1.4's follower handling of AppendEntries, which lets a follower's committed log
 * diverge from the leader's (pinned in JgroupsRaftKnownBugsTest). {@code RaftImpl.handleAppendEntriesRequest}
 * in 1.1.4:
 * <ol>
 *   <li>compares only the <em>first</em> entry of a batch with the entry it holds at that index; if their
 *       terms match it does not look at the others, and {@code RAFT.append} drops the whole batch because the
 *       follower already has entries there, stale ones included;</li>
 *   <li>commits up to {@code min(leaderCommit, lastAppended)}, its own last entry, where Raft commits only
 *       up to the last entry the leader's message vouched for; an empty commit message (prev index 0) and a
 *       batch that starts at or below the commit index commit whatever the follower holds;</li>
 *   <li>answers "OK, I hold everything up to lastAppended", so the leader counts it towards a majority for
 *       entries it does not have.</li>
 * </ol>
 * The trigger is a follower holding uncommitted entries of an old term (a deposed leader, or a follower of
 * one) that a new leader's message does not overwrite: a batch whose first entry the follower already
 * holds, any commit message, or a resend starting at or below its commit index.
 * <p>
 * The follower installed here works out which entries of the message it already holds (same index and term:
 * by Raft's log matching property, the logs are then equal up to there), hands jgroups-raft only the part from
 * the first entry it lacks or that conflicts (which jgroups-raft then handles correctly: it deletes from
 * there and appends), commits no further than the entries the leader vouched for in this term, and never
 * reports more than those. The class is called {@code Follower}, as jgroups-raft reports a role by the class
 * name of its implementation. Learners keep jgroups-raft's (final) class; they do not count towards a
 * majority, and {@link LogCheck} still catches a diverged copy.
 * <p>
 * jgroups-raft has no hook for its role implementations, so the field {@code RAFT.impl} is set through a
 * VarHandle, again after every change to the follower role (jgroups-raft creates a new follower then, and
 * tells its role listeners at once, on the thread that changed the role). When that thread is another than
 * jgroups-raft's processing thread (the result of a vote, a "leader elected" message), a message handled in the
 * few instructions between the two assignments meets jgroups-raft's own follower: once in a 30-round
 * RaftRandomPartitionTest, a committed log diverged so ({@link LogCheck} raised the alarm). So the channel
 * factory builds a {@link CHECKED_RAFT} for {@code raft.RAFT}, which installs this follower directly; the
 * listener remains only for a RAFT built some other way.
 */
final class FollowerAppendCheck {

    private static final VarHandle IMPL;

    static {
        try {
            IMPL = MethodHandles.privateLookupIn(RAFT.class, MethodHandles.lookup())
                    .findVarHandle(RAFT.class, "impl", RaftImpl.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("jgroups-raft's RAFT.impl is gone (not 1.1.4?): " + e);
        }
    }

    private final RAFT raft;
    /** The term the following index refers to. */
    private long verifiedTerm = -1;
    /** Up to here this peer's log equals the leader's of {@link #verifiedTerm}, as the leader's messages showed. */
    private long verified;

    private FollowerAppendCheck(RAFT raft) {
        this.raft = raft;
    }

    /**
     * Installs the checking follower on {@code raft}, now and at every change to the follower role: directly in a
     * {@link CHECKED_RAFT} (what the channel factory builds for {@code raft.RAFT}); in a plain RAFT (built some
     * other way) after jgroups-raft installed its own and told its role listeners, which leaves the window above.
     */
    static void install(RAFT raft) {
        FollowerAppendCheck check = new FollowerAppendCheck(raft);
        if (raft instanceof CHECKED_RAFT checked) {
            checked.followWith(() -> new Follower(check));
        } else {
            raft.addRoleListener(role -> {
                if (role == Role.Follower) {
                    check.replaceStockFollower();
                }
            });
        }
        check.replaceStockFollower(); // the follower RAFT starts with, before the channel connects
    }

    private void replaceStockFollower() {
        Object current = IMPL.getVolatile(raft);
        if (current != null && current.getClass() == org.jgroups.protocols.raft.Follower.class) {
            IMPL.compareAndSet(raft, current, new Follower(this));
        }
    }

    /** Runs on jgroups-raft's processing thread, which alone changes the log. */
    private synchronized AppendResult handle(Follower stock, LogEntries entries, Address leader, long prevIndex,
                                             long prevTerm, long entryTerm, long leaderCommit) {
        long term = raft.currentTerm();
        if (term != verifiedTerm) {
            verifiedTerm = term;
            verified = 0;
        }
        long commit = raft.commitIndex();
        verified = Math.max(verified, commit);
        int n = entries == null ? 0 : entries.size();
        if (n == 0) {
            return vouchedOnly(stock.appendAsStock(new LogEntries(), leader, prevIndex, prevTerm, entryTerm,
                    Math.min(leaderCommit, verified)));
        }
        Log log = raft.log();
        if (prevIndex > commit) {
            LogEntry prev = log.get(prevIndex);
            if (prev == null || prev.term() != prevTerm) { // jgroups-raft answers this one correctly (a failure)
                return stock.appendAsStock(entries, leader, prevIndex, prevTerm, entryTerm, Math.min(leaderCommit, verified));
            }
        }
        LogEntry[] batch = entries.toArray();
        int held = 0;
        while (held < n) {
            long index = prevIndex + 1 + held;
            LogEntry mine = index > commit ? log.get(index) : null;
            if (index > commit && (mine == null || mine.term() != batch[held].term())) {
                break;
            }
            held++;
        }
        long lastSent = prevIndex + n;
        if (held == n) {
            verified = Math.max(verified, lastSent);
            return vouchedOnly(stock.appendAsStock(new LogEntries(), leader, prevIndex, prevTerm, entryTerm,
                    Math.min(leaderCommit, verified)));
        }
        LogEntries rest = new LogEntries();
        for (int i = held; i < n; i++) {
            rest.add(batch[i]);
        }
        long restPrev = prevIndex + held;
        long restPrevTerm = held == 0 ? prevTerm : batch[held - 1].term();
        AppendResult result = stock.appendAsStock(rest, leader, restPrev, restPrevTerm, batch[held].term(),
                Math.min(leaderCommit, lastSent));
        if (result.success() && result.index() == lastSent) {
            verified = Math.max(verified, lastSent);
        }
        return result;
    }

    /** jgroups-raft answers an empty message with its last appended index; claim only what the leader vouched for. */
    private AppendResult vouchedOnly(AppendResult stock) {
        if (!stock.success()) {
            return stock;
        }
        return new AppendResult(AppendResult.Result.OK, Math.min(raft.lastAppended(), verified)).commitIndex(raft.commitIndex());
    }

    /** The follower role with the check; its simple name is the role jgroups-raft reports. */
    static final class Follower extends org.jgroups.protocols.raft.Follower {

        private final FollowerAppendCheck check;

        Follower(FollowerAppendCheck check) {
            super(check.raft);
            this.check = check;
        }

        @Override
        public AppendResult handleAppendEntriesRequest(LogEntries entries, Address leader, long prevIndex, long prevTerm,
                                                       long entryTerm, long leaderCommit) {
            return check.handle(this, entries, leader, prevIndex, prevTerm, entryTerm, leaderCommit);
        }

        AppendResult appendAsStock(LogEntries entries, Address leader, long prevIndex, long prevTerm, long entryTerm,
                                   long leaderCommit) {
            return super.handleAppendEntriesRequest(entries, leader, prevIndex, prevTerm, entryTerm, leaderCommit);
        }
    }
}
