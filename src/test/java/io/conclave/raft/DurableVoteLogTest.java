package io.conclave.raft;

import io.conclave.raft.FileLogCases.OnDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.conclave.raft.FileLogCases.CANDIDATE;
import static io.conclave.raft.FileLogCases.onDiskAfter;
import static io.conclave.raft.FileLogCases.voteConcurrently;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The raft log Conclave peers write (the same files as jgroups-raft's own): the term on disk never goes back,
 * and the vote survives concurrent writers. JgroupsRaftKnownBugsTest shows jgroups-raft's file log failing
 * the same inputs (FileLogCases); RaftVoteDurabilityTest shows the first on a real cluster.
 */
class DurableVoteLogTest {

    @TempDir
    Path data;

    @Test
    void entriesOfAnOlderTermDoNotLowerTheTermOnDisk() throws Exception {
        OnDisk disk = onDiskAfter(new DurableVoteLog(), data.resolve("A.log"), FileLogCases::catchUpInAnOlderTerm);
        assertThat(disk.term()).isEqualTo(7);
        assertThat(disk.vote()).isEqualTo(CANDIDATE);
    }

    @Test
    void aSnapshotOfAnOlderTermDoesNotLowerTheTermOnDisk() throws Exception {
        OnDisk disk = onDiskAfter(new DurableVoteLog(), data.resolve("A.log"), FileLogCases::installAnOlderSnapshot);
        assertThat(disk.term()).isEqualTo(7);
    }

    @Test
    void concurrentVotesNeitherFailNorMangleTheVote() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        OnDisk disk = onDiskAfter(new DurableVoteLog(), data.resolve("A.log"), log -> {
            failures.addAll(voteConcurrently(log));
            log.votedFor(CANDIDATE);
        });
        assertThat(failures).isEmpty();
        assertThat(disk.vote()).isEqualTo(CANDIDATE);
    }
}
