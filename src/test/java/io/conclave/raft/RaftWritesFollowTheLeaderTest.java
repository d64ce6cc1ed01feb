package io.conclave.raft;

import io.conclave.election.ElectionEvent;
import io.conclave.election.ElectionListener;
import io.conclave.election.Peer;
import io.conclave.election.ReplicatedStore;
import io.conclave.support.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A write pending on a follower when its leader goes away is sent again to the new leader and goes through,
 * instead of waiting out its timeout for the old one (the timeouts here are far above any failover).
 */
class RaftWritesFollowTheLeaderTest {

    private static final Duration PATIENT = Duration.ofSeconds(40);

    @TempDir
    Path data;

    @Test
    void aWritePendingWhenTheLeaderIsCutOffOrLeavesReachesTheNextLeader() throws Exception {
        try (TestCluster cluster = new TestCluster("raft-udp", data).members("A", "B", "C")) {
            List<ElectionEvent.Notice> alarms = new CopyOnWriteArrayList<>();
            cluster.start("A", "B", "C").forEach(p -> p.addListener(new ElectionListener() {
                @Override
                public void onNotice(ElectionEvent.Notice notice) {
                    if (notice.kind() == ElectionEvent.Notice.Kind.ALARM) {
                        alarms.add(notice);
                    }
                }
            }));
            String leader = cluster.awaitOneLeader();
            Peer follower = cluster.live().stream().filter(p -> !p.name().equals(leader)).findFirst().orElseThrow();
            ReplicatedStore store = follower.store().orElseThrow();
            store.put("before", "1", PATIENT);

            // the leader is cut off: the follower still names it and forwards the write into the void
            List<String> others = cluster.names().stream().filter(n -> !n.equals(leader)).toList();
            cluster.partition(List.of(leader), others);
            long start = System.nanoTime();
            ReplicatedStore.CasResult swapped = store.compareAndSet("cut", null, "1", PATIENT);
            long cutMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(swapped.swapped()).isTrue();
            // the answer came from the new leader, but the follower's lease on it may be renewing right now
            String next = await().atMost(TestCluster.GENEROUS).until(follower::leader,
                    named -> named.isPresent() && !named.get().equals(leader)).orElseThrow();
            System.out.println("cas during a cut of leader " + leader + ": answered by " + next + " after " + cutMs + " ms");

            cluster.heal();
            await().atMost(TestCluster.GENEROUS).until(() -> cluster.live().stream()
                    .allMatch(p -> p.view().size() == 3 && next.equals(p.leadership().leader())));

            // the leader leaves while a write from a follower is on its way
            Peer writer = cluster.live().stream().filter(p -> !p.name().equals(next)).findFirst().orElseThrow();
            CompletableFuture<java.util.Optional<String>> put = CompletableFuture.supplyAsync(
                    () -> writer.store().orElseThrow().put("left", "2", PATIENT));
            cluster.stop(next);
            assertThat(put.get()).isEmpty();
            await().atMost(TestCluster.GENEROUS).untilAsserted(() -> {
                for (Peer peer : cluster.live()) {
                    assertThat(peer.store().orElseThrow().get("left", true, PATIENT)).contains("2");
                    assertThat(peer.store().orElseThrow().get("cut", true, PATIENT)).contains("1");
                }
            });
            assertThat(alarms).isEmpty();
        }
    }
}
