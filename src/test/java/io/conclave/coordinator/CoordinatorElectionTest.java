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
            // split brain, on purpose: the two leaderships may share an epoch (the view number), never a token
            assertThat(cluster.peer("A").leadership().token()).isNotEqualTo(cluster.peer("C").leadership().token());
            assertThat(cluster.peer("A").exclusiveLeadership()).isFalse();
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

    /**
     * The old leader's view still lists a majority for the failure-detection timeout after a cut; its lease
     * (shorter) makes it step down first, so the two sides never both have a leader at the same moment.
     */
    @Test
    void withAQuorumTwoLeadersNeverOverlapAcrossACut() {
        try (TestCluster cluster = new TestCluster("quorum-udp", data, Map.of("conclave.cluster_size", "5"))) {
            cluster.start("A", "B", "C", "D", "E");
            String first = cluster.awaitOneLeader();
            java.time.Instant watchedFrom = java.time.Instant.now();
            java.util.List<ElectionEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            cluster.live().forEach(p -> p.addListener(new io.conclave.election.ElectionListener() {
                @Override
                public void onEvent(ElectionEvent event) {
                    events.add(event);
                }
            }));

            cluster.partition(List.of("A", "B"), List.of("C", "D", "E"));
            await().atMost(GENEROUS).until(() -> "C".equals(cluster.peer("D").leadership().leader())
                    && cluster.peer("A").leader().isEmpty() && cluster.peer("B").leader().isEmpty());
            assertThat(cluster.peer("A").leadership().reason()).startsWith("no quorum");

            cluster.heal();
            assertThat(cluster.awaitOneLeader()).isEqualTo("C");
            assertThat(selfLeadershipOverlaps(first, watchedFrom, events)).as("two peers believed they led at once").isEmpty();
        }
    }

    /** Pairs of peers whose own leadership (gained .. lost) intervals overlap in time. */
    private static List<String> selfLeadershipOverlaps(String leader, java.time.Instant from, List<ElectionEvent> events) {
        java.util.Map<String, java.time.Instant> since = new java.util.HashMap<>(Map.of(leader, from));
        java.util.List<String> overlaps = new java.util.ArrayList<>();
        events.stream().sorted(java.util.Comparator.comparing(ElectionEvent::ts)).forEach(e -> {
            if (e instanceof ElectionEvent.LeadershipGained g) {
                since.keySet().stream().filter(other -> !other.equals(g.peer()))
                        .forEach(other -> overlaps.add(other + " and " + g.peer() + " at " + g.ts()));
                since.put(g.peer(), g.ts());
            } else if (e instanceof ElectionEvent.LeadershipLost l) {
                since.remove(l.peer());
            }
        });
        return overlaps;
    }
}
