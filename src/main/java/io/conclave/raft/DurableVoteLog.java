package io.conclave.raft;

import org.jgroups.Address;
import org.jgroups.protocols.raft.FileBasedLog;
import org.jgroups.protocols.raft.Log;
import org.jgroups.protocols.raft.LogEntry;
import org.jgroups.protocols.raft.RAFT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * jgroups-raft's file log (the same files in the same format), except that the term and the vote on disk are
 * never older than the ones the peer has acted on. Raft has a server write both to stable storage before it
 * answers (dissertation §3.8); otherwise a server that restarts can vote twice in one term, and two leaders can
 * share a term, which is Conclave's fencing token. jgroups-raft 1.1.4's {@link FileBasedLog} breaks this in
 * three ways (pinned in JgroupsRaftKnownBugsTest):
 * <ol>
 *   <li>An append writes the highest term <em>of the appended entries</em> as the current term, so a follower
 *       that voted in term 7 and then catches up on entries of term 6 has term 6 on disk.</li>
 *   <li>jgroups-raft's {@code RaftState} writes the term and the vote after releasing its lock, with values it
 *       read before: a vote request and a message that moves the term can write in the opposite order, the
 *       older value last ("no vote" over the vote just cast). And the vote goes to disk through one shared
 *       buffer, so concurrent votes throw {@code BufferOverflowException} or write a mangled address.</li>
 *   <li>The vote is never forced to disk, even with {@code log_use_fsync}; only the term is.</li>
 * </ol>
 * So here every write of the term or the vote, whatever value jgroups-raft passes, writes the term and vote that
 * RAFT holds at that moment (read so that both belong to one term), under one lock, the term only when it is
 * higher than the one on disk, and forces the vote to disk when the log uses fsync. A write made after a change
 * therefore stores that change or a later one, and jgroups-raft makes every change before it answers.
 * <p>
 * Installed by the raft elector in place of jgroups-raft's file log ({@link #installOn}); a stack that names
 * another log class keeps it. Not attached to a RAFT (tests), it writes the values it is given, in order, and
 * still never lowers the term.
 */
public final class DurableVoteLog extends FileBasedLog {

    /** The log argument through which {@link #installOn} tells the log RAFT creates which RAFT it belongs to. */
    private static final String RAFT_KEY = "conclave.raft";
    private static final Map<String, WeakReference<RAFT>> PENDING = new ConcurrentHashMap<>();

    private RAFT raft;
    private FileChannel metadata;

    /** Makes {@code raft}, not yet started, create this log where it would create jgroups-raft's file log. */
    static void installOn(RAFT raft) {
        if (!FileBasedLog.class.getName().equals(raft.logClass())) {
            return; // the stack chose another log (in memory, or one of its own)
        }
        PENDING.values().removeIf(owner -> owner.get() == null); // of peers that never started their channel
        String key = UUID.randomUUID().toString();
        PENDING.put(key, new WeakReference<>(raft));
        String args = raft.logArgs();
        raft.logClass(DurableVoteLog.class.getName());
        raft.logArgs((args == null || args.isBlank() ? "" : args + ",") + RAFT_KEY + "=" + key);
    }

    @Override
    public void init(String logName, Map<String, String> args) throws Exception {
        WeakReference<RAFT> owner = PENDING.remove(args.getOrDefault(RAFT_KEY, ""));
        raft = owner == null ? null : owner.get();
        super.init(logName, args);
        metadata = FileChannel.open(Path.of(logName, "metadata.raft"), StandardOpenOption.WRITE);
    }

    @Override
    public synchronized Log currentTerm(long term) {
        store(term, super.votedFor());
        return this;
    }

    @Override
    public synchronized Log votedFor(Address vote) {
        store(super.currentTerm(), vote);
        return this;
    }

    /** A snapshot's last entry may be of an older term than the one this peer is in: the term is written again. */
    @Override
    public synchronized void reinitializeTo(long index, LogEntry entry) {
        long term = super.currentTerm();
        super.reinitializeTo(index, entry);
        if (super.currentTerm() < term) {
            super.currentTerm(term);
        }
    }

    /** Writes the term and vote RAFT holds now, whatever jgroups-raft passed; not attached, the given ones. */
    private void store(long givenTerm, Address givenVote) {
        if (raft == null) {
            write(givenTerm, givenVote);
            return;
        }
        long term;
        Address vote;
        do { // the term only grows, so an unchanged term means the vote read between belongs to it
            term = raft.currentTerm();
            vote = raft.votedFor();
        } while (term != raft.currentTerm());
        write(term, vote);
    }

    private void write(long term, Address vote) {
        if (term > super.currentTerm()) {
            super.currentTerm(term); // forced to disk by jgroups-raft when the log uses fsync
        }
        if (!Objects.equals(vote, super.votedFor())) {
            super.votedFor(vote);
            if (vote != null && useFsync()) {
                force(); // a lost "no vote" leaves an older vote on disk: the peer votes less, never twice
            }
        }
    }

    private void force() {
        try {
            metadata.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot force the raft vote to disk", e);
        }
    }

    @Override
    public void close() {
        super.close();
        closeMetadata();
    }

    @Override
    public void delete() {
        closeMetadata();
        super.delete();
    }

    private void closeMetadata() {
        try {
            if (metadata != null) {
                metadata.close();
            }
        } catch (IOException e) {
            // only forced through; nothing is lost by a failed close
        }
    }
}
