package io.conclave.peer;

import io.conclave.election.ElectionEvent;
import io.conclave.election.MemberInfo;
import io.conclave.election.Mode;
import io.conclave.election.Peer;
import io.conclave.election.RaftStatus;
import io.conclave.election.ReplicatedStore;
import io.conclave.election.Role;
import io.conclave.support.TermLedger;
import io.conclave.support.TestCluster;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One test body, two stacks: swapping the stack file is all it takes to switch from coordinator-as-leader to
 * Raft; the embedding API stays the same and only the mode-specific expectations differ.
 */
class ModeChosenByStackTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path data;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"udp", "raft-udp"})
    void theStackAloneDecidesTheMode(String stack) {
        boolean raft = stack.startsWith("raft");
        Mode expected = raft ? Mode.RAFT : Mode.COORDINATOR;
        try (TestCluster cluster = new TestCluster(stack, data)) {
            TermLedger ledger = new TermLedger();
            cluster.start("A", "B", "C").forEach(ledger::watch);
            String leader = cluster.awaitOneLeader();

            for (Peer peer : cluster.live()) {
                assertThat(peer.mode()).isEqualTo(expected);
                assertThat(peer.stack().mode()).isEqualTo(expected);
                assertThat(peer.store().isPresent()).isEqualTo(raft);
                assertThat(peer.raftStatus().isPresent()).isEqualTo(raft);
                assertThat(peer.members()).filteredOn(MemberInfo::self).singleElement()
                        .extracting(MemberInfo::role).isEqualTo(peer.name().equals(leader) ? Role.LEADER : Role.FOLLOWER);
            }
            if (raft) {
                // elected by vote; the term is the epoch on every peer
                RaftStatus status = cluster.peer(leader).raftStatus().orElseThrow();
                assertThat(status.role()).isEqualTo(Role.LEADER);
                assertThat(status.votingMembers()).containsExactly("A", "B", "C");
                assertThat(status.majority()).isEqualTo(2);
                for (Peer peer : cluster.live()) {
                    assertThat(peer.epoch()).isEqualTo(status.term()).isPositive();
                }
                ReplicatedStore store = cluster.peer(follower(cluster, leader)).store().orElseThrow();
                assertThat(store.put("colour", "blue", TIMEOUT)).isEmpty();
                assertThat(store.get("colour", false, TIMEOUT)).contains("blue");
            } else {
                // the view coordinator leads; the epoch is the view number
                assertThat(leader).isEqualTo("A");
                assertThat(cluster.peer("C").epoch()).isEqualTo(cluster.peer("C").view().number());
            }
            long epochBefore = cluster.peer(leader).epoch();

            cluster.stop(leader);
            String next = cluster.awaitOneLeader();
            assertThat(next).isNotEqualTo(leader);
            if (!raft) {
                assertThat(next).isEqualTo("B");
            }
            for (Peer peer : cluster.live()) {
                assertThat(peer.epoch()).isGreaterThan(epochBefore);
                assertThat(peer.history()).anySatisfy(e -> assertThat(e)
                        .isInstanceOfSatisfying(ElectionEvent.LeaderChanged.class, c -> {
                            assertThat(c.mode()).isEqualTo(expected);
                            assertThat(c.newLeader()).isEqualTo(next);
                            assertThat(c.epoch()).isGreaterThan(epochBefore);
                        }));
            }
            if (raft) {
                // two of three voting members are still a majority: the store keeps working
                Peer survivor = cluster.peer(follower(cluster, next));
                await().atMost(GENEROUS).until(() -> survivor.raftStatus().orElseThrow().reachable() == 2);
                assertThat(survivor.store().orElseThrow().get("colour", false, TIMEOUT)).contains("blue");
                assertThat(survivor.store().orElseThrow().put("colour", "red", TIMEOUT)).contains("blue");
                assertThat(ledger.conflicts()).as(ledger.toString()).isEmpty();
            }
        }
    }

    private static String follower(TestCluster cluster, String leader) {
        return cluster.names().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
    }
}
