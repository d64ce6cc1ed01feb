package io.conclave.raft;

import io.conclave.election.RaftStatus;
import io.conclave.support.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three real raft-mode peers on loopback: a follower that was cut off while the leader wrote, and that then
 * votes in a new term and catches up on the old term's entries, has the new term on disk when it stops. With
 * jgroups-raft's own file log it had the old one (JgroupsRaftKnownBugsTest): restarted, it could have voted a
 * second time in the term it had already voted in.
 */
class RaftVoteDurabilityTest {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path data;

    @Test
    void aFollowerThatCatchesUpOnAnOlderTermKeepsItsOwnTermOnDisk() throws Exception {
        try (TestCluster cluster = new TestCluster("raft-udp", data).members("A", "B", "C")) {
            cluster.start("A", "B", "C");
            String leader = cluster.awaitOneLeader();
            List<String> followers = new ArrayList<>(cluster.names());
            followers.remove(leader);
            String ahead = followers.get(0);
            String behind = followers.get(1);

            // the leader writes in its term while 'behind' is cut off and gets none of it
            cluster.partition(List.of(behind), List.of(leader, ahead));
            for (int i = 0; i < 20; i++) {
                cluster.peer(leader).store().orElseThrow().put("k" + i, "v" + i, WRITE_TIMEOUT);
            }
            long writtenIn = cluster.peer(leader).epoch();

            // the leader leaves and the cut heals: the two left elect 'ahead' (the longer log) in a new term,
            // and 'behind' gets the writes of the old one
            cluster.stop(leader);
            cluster.heal();
            long ownTerm = await().atMost(GENEROUS).until(() -> caughtUp(cluster, ahead, behind), term -> term > 0);
            assertThat(ownTerm).isGreaterThan(writtenIn);

            cluster.stop(behind);
            assertThat(FileLogCases.OnDisk.in(data.resolve(behind).resolve(behind + ".log")).term())
                    .as(behind + "'s term on disk (it was in term " + ownTerm + ", the entries it caught up on are of term "
                            + writtenIn + ")").isEqualTo(ownTerm);
        }
    }

    /** 'behind''s term once it follows 'ahead' and holds all of its log, else 0. */
    private static long caughtUp(TestCluster cluster, String ahead, String behind) {
        RaftStatus leader = cluster.peer(ahead).raftStatus().orElseThrow();
        RaftStatus follower = cluster.peer(behind).raftStatus().orElseThrow();
        boolean done = ahead.equals(follower.leader()) && ahead.equals(leader.leader())
                && follower.term() == leader.term() && follower.lastAppended() == leader.lastAppended()
                && follower.lastAppended() >= 20;
        return done ? follower.term() : 0;
    }
}
