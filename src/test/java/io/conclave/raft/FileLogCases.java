package io.conclave.raft;

import org.jgroups.Address;
import org.jgroups.protocols.raft.FileBasedLog;
import org.jgroups.protocols.raft.Log;
import org.jgroups.protocols.raft.LogEntries;
import org.jgroups.protocols.raft.LogEntry;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.util.ExtendedUUID;
import org.jgroups.util.Util;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * The inputs that jgroups-raft 1.1.4's file log gets wrong (JgroupsRaftKnownBugsTest) and DurableVoteLog gets
 * right (DurableVoteLogTest), and how a test reads what a log left on disk.
 */
final class FileLogCases {

    static final Address CANDIDATE = address("C");

    private FileLogCases() {
    }

    /** What a log directory holds, read with jgroups-raft's own file log. */
    record OnDisk(long term, Address vote) {
        static OnDisk in(Path dir) throws Exception {
            Log log = open(new FileBasedLog(), dir);
            try {
                return new OnDisk(log.currentTerm(), log.votedFor());
            } finally {
                log.close();
            }
        }
    }

    /** Something done to an open log. */
    interface Change {
        void applyTo(Log log) throws Exception;
    }

    /** Opens {@code log} on {@code dir}, applies {@code change}, closes it, and reads what it left on disk. */
    static OnDisk onDiskAfter(Log log, Path dir, Change change) throws Exception {
        open(log, dir);
        change.applyTo(log);
        log.close();
        return OnDisk.in(dir);
    }

    static Log open(Log log, Path dir) throws Exception {
        log.init(dir.toString(), Map.of());
        return log;
    }

    /** A follower votes in term 7 and then gets the leader's entries 1-3, written in term 6. */
    static void catchUpInAnOlderTerm(Log log) {
        log.currentTerm(7);
        log.votedFor(CANDIDATE);
        log.append(1, LogEntries.create(new LogEntry(6, new byte[]{1}), new LogEntry(6, new byte[]{2}),
                new LogEntry(6, new byte[]{3})));
    }

    /** A follower in term 7 gets the leader's snapshot up to index 10, whose last entry is of term 6. */
    static void installAnOlderSnapshot(Log log) throws Exception {
        log.currentTerm(7);
        log.reinitializeTo(10, new LogEntry(6, new byte[0]));
    }

    /** Four threads write votes (and "no vote") at once, as jgroups-raft's message threads can; what they threw. */
    static List<Throwable> voteConcurrently(Log log) throws InterruptedException {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Address voter = address("candidate-with-a-longer-name-" + i);
            Supplier<Address> vote = i % 2 == 0 ? () -> voter : () -> null;
            threads.add(new Thread(() -> {
                for (int n = 0; n < 20_000 && failures.isEmpty(); n++) {
                    try {
                        log.votedFor(n % 2 == 0 ? voter : vote.get());
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        return new ArrayList<>(failures);
    }

    /** A member address as jgroups-raft makes it: the raft id travels with it. */
    static Address address(String raftId) {
        return ExtendedUUID.randomUUID(raftId).put(RAFT.raft_id_key, Util.stringToBytes(raftId));
    }
}
