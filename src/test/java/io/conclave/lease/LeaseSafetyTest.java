package io.conclave.lease;

import io.conclave.election.Peer;
import io.conclave.support.LeadershipLog;
import io.conclave.support.TestCluster;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.conclave.fault.FAULTS;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lease's promise on real channels, in the quorum and raft modes: across a cut of the leader, a pause (no
 * traffic, failure detection frozen), a one-way loss (it hears but cannot send) and a cut that also resets its
 * connections (failure detection's fast path),
 * at no instant do two peers hold leadership, no two leaderships share a token, and after each heal every peer
 * agrees on one leader with the full view.
 */
class LeaseSafetyTest {

    @TempDir
    Path data;

    @ParameterizedTest
    @ValueSource(strings = {"quorum-udp", "raft-udp"})
    void twoPeersNeverLeadAtOnceAndNoTokenRepeats(String stack) {
        try (TestCluster cluster = new TestCluster(stack, data, Map.of("conclave.cluster_size", "5"))) {
            cluster.members("A", "B", "C", "D", "E").start("A", "B", "C", "D", "E");
            assertThat(cluster.peer("A").exclusiveLeadership()).isTrue();
            String leader = cluster.awaitOneLeader();
            LeadershipLog log = LeadershipLog.watch(cluster.live(), leader, cluster.peer(leader).epoch());

            for (String fault : List.of("cut", "pause", "one-way", "cut-and-reset")) {
                String cutOff = leader;
                List<String> rest = new ArrayList<>(cluster.names());
                rest.remove(cutOff);
                switch (fault) {
                    case "cut" -> cluster.partition(List.of(cutOff), rest);
                    case "one-way" -> cluster.mute(cutOff);
                    // nothing in or out and failure detection frozen for longer than it takes to notice, as in a long GC
                    case "pause" -> FAULTS.of(cluster.peer(cutOff)).orElseThrow().pause(Duration.ofSeconds(3));
                    default -> {
                        cluster.partition(List.of(cutOff), rest);
                        cluster.resetConnections(cutOff);
                    }
                }
                await(fault).atMost(GENEROUS).until(() -> {
                    Peer any = cluster.peer(rest.get(0));
                    String now = any.leadership().leader();
                    return now != null && !now.equals(cutOff) && cluster.peer(now).isLeader();
                });
                assertThat(cluster.peer(cutOff).isLeader()).as("%s: the cut-off peer still leads", fault).isFalse();
                cluster.heal();
                if (fault.equals("pause")) {
                    await().atMost(GENEROUS).until(() -> !FAULTS.of(cluster.peer(cutOff)).orElseThrow().paused());
                }
                leader = cluster.awaitOneLeader();
                assertThat(log.overlaps()).as("%s on %s: two peers led at once", fault, stack).isEmpty();
                assertThat(log.sharedTokens()).as("%s on %s: leaderships sharing a token", fault, stack).isEmpty();
            }
        }
    }
}
