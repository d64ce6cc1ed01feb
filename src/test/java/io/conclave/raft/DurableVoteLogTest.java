package io.conclave.raft;

import org.jgroups.Address;
import org.jgroups.protocols.raft.Log;
import org.jgroups.protocols.raft.LogEntries;
import org.jgroups.protocols.raft.LogEntry;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.util.ExtendedUUID;
import org.jgroups.util.Util;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The raft log Conclave peers write (the same files as jgroups-raft's own): the term on disk never goes back,
 * and the vote survives concurrent writers. JgroupsRaftKnownBugsTest shows jgroups-raft's file log failing
 * the same inputs; RaftVoteDurabilityTest shows the first on a real cluster.
 */
class DurableVoteLogTest {

    @TempDir
    Path data;

    @Test
    void entriesOfAnOlderTermDoNotLowerTheTermOnDisk() throws Exception {
        Log log = open(new DurableVoteLog(), data.resolve("A.log"));
        catchUpInAnOlderTerm(log);
        log.close();

        Log reopened = open(new DurableVoteLog(), data.resolve("A.log"));
        assertThat(reopened.currentTerm()).isEqualTo(7);
        assertThat(reopened.votedFor()).isEqualTo(CANDIDATE);
        reopened.close();
    }

    @Test
    void aSnapshotOfAnOlderTermDoesNotLowerTheTermOnDisk() throws Exception {
        Log log = open(new DurableVoteLog(), data.resolve("A.log"));
        installAnOlderSnapshot(log);
        log.close();

        Log reopened = open(new DurableVoteLog(), data.resolve("A.log"));
        assertThat(reopened.currentTerm()).isEqualTo(7);
        reopened.close();
    }

    @Test
    void concurrentVotesNeitherFailNorMangleTheVote() throws Exception {
        Log log = open(new DurableVoteLog(), data.resolve("A.log"));
        List<Throwable> failures = voteConcurrently(log);
        log.votedFor(CANDIDATE);
        log.close();

        assertThat(failures).isEmpty();
        Log reopened = open(new DurableVoteLog(), data.resolve("A.log"));
        assertThat(reopened.votedFor()).isEqualTo(CANDIDATE);
        reopened.close();
    }

    static final Address CANDIDATE = address("C");

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

    static Address address(String raftId) {
        return ExtendedUUID.randomUUID(raftId).put(RAFT.raft_id_key, Util.stringToBytes(raftId));
    }
}
