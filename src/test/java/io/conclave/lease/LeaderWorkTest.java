package io.conclave.lease;

import io.conclave.election.Peer;
import io.conclave.support.TestCluster;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Work run while leading, on real channels: it starts on the leader with the leadership's token, and when the
 * leader is cut off it is told to stop before the next leader's work starts, which carries a higher token.
 */
class LeaderWorkTest {

    @TempDir
    Path data;

    /** One run of the work: who, with which token, from when to when (this JVM's one clock). */
    record Run(String peer, long epoch, long fromNanos, long toNanos) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"quorum-udp", "raft-udp"})
    void theNextLeadersWorkStartsOnlyAfterThePreviousOneWasToldToStop(String stack) throws Exception {
        List<Run> runs = new CopyOnWriteArrayList<>();
        try (TestCluster cluster = new TestCluster(stack, data, Map.of("conclave.cluster_size", "3"))) {
            cluster.members("A", "B", "C").start("A", "B", "C");
            List<AutoCloseable> handles = new ArrayList<>();
            for (Peer peer : cluster.live()) {
                handles.add(peer.whileLeading(tenure -> {
                    long from = System.nanoTime();
                    try {
                        while (tenure.active()) {
                            Thread.sleep(5);
                        }
                    } finally {
                        runs.add(new Run(peer.name(), tenure.epoch(), from, System.nanoTime()));
                    }
                }));
            }
            String leader = cluster.awaitOneLeader();
            assertThat(cluster.peer(leader).awaitLeadership(GENEROUS)).isTrue();
            List<String> rest = new ArrayList<>(cluster.names());
            rest.remove(leader);
            cluster.partition(List.of(leader), rest);
            await().atMost(GENEROUS).until(() -> runs.stream().anyMatch(r -> r.peer().equals(leader))
                    && rest.stream().anyMatch(n -> cluster.peer(n).isLeader()));
            cluster.heal();
            String next = cluster.awaitOneLeader();
            await().atMost(GENEROUS).until(() -> cluster.peer(next).isLeader());
            handles.forEach(h -> {
                try {
                    h.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() >= 2);
        }
        List<Run> ordered = runs.stream().sorted(Comparator.comparingLong(Run::fromNanos)).toList();
        for (int i = 1; i < ordered.size(); i++) {
            Run before = ordered.get(i - 1);
            Run after = ordered.get(i);
            assertThat(after.fromNanos()).as("%s started while %s was still told to run (%s)", after, before, ordered)
                    .isGreaterThan(before.toNanos());
            if (after.peer().equals(before.peer())) {
                // told to stop when renewals lagged, then renewed in time: the same leadership goes on
                assertThat(after.epoch()).as("tokens never go down: %s", ordered).isGreaterThanOrEqualTo(before.epoch());
            } else {
                assertThat(after.epoch()).as("a new leader has a higher token: %s", ordered).isGreaterThan(before.epoch());
            }
        }
    }
}
