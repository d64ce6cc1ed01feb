package io.conclave.coordinator;

import io.conclave.election.ElectionEvent;
import io.conclave.election.Peer;
import io.conclave.support.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real JGroups channels on loopback: coordinator-mode leadership through joins, leaves, partitions and heals. */
class CoordinatorElectionTest {

    @TempDir
    Path data;

    @Test
    void threePeersAgreeOnOneLeaderAndAGracefulLeaveHandsOver() {
        try (TestCluster cluster = new TestCluster("udp", data)) {
            cluster.start("A", "B", "C");
            String leader = cluster.awaitOneLeader();
            assertThat(leader).isEqualTo("A");
            assertThat(cluster.peer("A").isLeader()).isTrue();
            assertThat(cluster.peer("B").view().members()).containsExactly("A", "B", "C");

            long epochBefore = cluster.peer("B").epoch();
            cluster.stop("A");
            String next = cluster.awaitOneLeader();
            assertThat(next).isEqualTo("B");
            assertThat(cluster.peer("B").epoch()).isGreaterThan(epochBefore);
            assertThat(cluster.peer("B").history()).anySatisfy(e ->
                    assertThat(e).isInstanceOfSatisfying(ElectionEvent.LeadershipGained.class,
                            g -> assertThat(g.peer()).isEqualTo("B")));
        }
    }

    @Test
    void partitionGivesTwoLeadersAndTheHealMergesToTheLargerSidesLeader() {
        try (TestCluster cluster = new TestCluster("udp", data)) {
            cluster.start("A", "B", "C");
            cluster.awaitOneLeader();

            cluster.partition(List.of("A", "B"), List.of("C"));
            await().atMost(GENEROUS).until(() -> cluster.peer("C").view().members().equals(List.of("C"))
                    && cluster.peer("A").view().members().equals(List.of("A", "B")));
            assertThat(cluster.peer("C").leader()).contains("C");
            assertThat(cluster.peer("A").leader()).contains("A");
            assertThat(cluster.peer("B").leader()).contains("A");
            assertThat(cluster.peer("A").history()).anySatisfy(e -> assertThat(e)
                    .isEqualTo(new ElectionEvent.MemberSuspected(e.ts(), "A", "C")));

            cluster.heal();
            String leader = cluster.awaitOneLeader();
            assertThat(leader).isEqualTo("A");
            for (Peer peer : cluster.live()) {
                assertThat(peer.merges()).isNotEmpty();
                ElectionEvent.Merged merge = peer.merges().get(peer.merges().size() - 1);
                assertThat(merge.subgroups()).hasSize(2);
                assertThat(merge.subgroups()).extracting(s -> s.view().members())
                        .containsExactlyInAnyOrder(List.of("A", "B"), List.of("C"));
                assertThat(merge.leaderAfter()).isEqualTo("A");
            }
        }
    }

    @Test
    void withAQuorumTheMinoritySideHasNoLeaderAndSaysWhy() {
        try (TestCluster cluster = new TestCluster("quorum-udp", data, Map.of("conclave.cluster_size", "3"))) {
            cluster.start("A", "B", "C");
            cluster.awaitOneLeader();

            cluster.partition(List.of("A", "B"), List.of("C"));
            await().atMost(GENEROUS).until(() -> cluster.peer("C").view().members().equals(List.of("C")));
            await().atMost(GENEROUS).until(() -> cluster.peer("A").view().size() == 2);
            assertThat(cluster.peer("C").leader()).isEmpty();
            assertThat(cluster.peer("C").leadership().reason()).isEqualTo("no quorum: 1 of 3 (2 needed)");
            assertThat(cluster.peer("A").leader()).contains("A");
            assertThat(cluster.peer("B").leader()).contains("A");

            cluster.heal();
            assertThat(cluster.awaitOneLeader()).isEqualTo("A");
        }
    }
}
