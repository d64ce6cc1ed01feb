package io.conclave.raft;

import io.conclave.Conclave;
import io.conclave.election.ConclaveException;
import io.conclave.election.Peer;
import io.conclave.election.PeerConfig;
import io.conclave.election.RaftStatus;
import io.conclave.election.Role;
import io.conclave.election.StoreException;
import io.conclave.peer.RaftMembers;
import io.conclave.support.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What a user can get wrong when starting raft-mode peers, and the one-line errors that say how to fix it. */
class RaftBadInputTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path data;

    @Test
    void aNameOutsideTheMembersIsRefusedUnlessItAsksToBeALearner() {
        try (TestCluster cluster = new TestCluster("raft-udp", data).members("A", "B", "C")) {
            assertThatThrownBy(() -> cluster.start("D"))
                    .isInstanceOf(ConclaveException.class)
                    .hasMessage("peer D (PeerConfig.name) is not one of the voting members A,B,C (PeerConfig.members); jgroups-raft would"
                            + " quietly make it a non-voting learner. Add D to PeerConfig.members on every peer, or pass PeerConfig.learner=true"
                            + " to join as a learner on purpose (then 'raft add D' makes it a voter)");
            // refused before it joined: nothing is left locked or running
            assertThatThrownBy(() -> cluster.start("D")).hasMessageStartingWith("peer D (PeerConfig.name) is not one");

            cluster.start("A", "B");
            String leader = cluster.awaitOneLeader();
            Peer learner = cluster.start(cluster.config("D").toBuilder().learner(true).build());
            await().atMost(GENEROUS).until(() -> learner.leader().isPresent());
            assertThat(learner.raftStatus().orElseThrow().role()).isEqualTo(Role.LEARNER);
            assertThat(cluster.peer(leader).members()).filteredOn(m -> m.name().equals("D"))
                    .singleElement().extracting(m -> m.role()).isEqualTo(Role.LEARNER);
            learner.store().orElseThrow().put("from-learner", "yes", TIMEOUT);

            // 'raft add D' through the log, from a peer that is not the leader: D votes, the majority grows
            Peer follower = cluster.peer(leader.equals("A") ? "B" : "A");
            assertThat(follower.raft().orElseThrow().addVotingMember("D", TIMEOUT)).containsExactly("A", "B", "C", "D");
            await().atMost(GENEROUS).untilAsserted(() -> {
                RaftStatus status = learner.raftStatus().orElseThrow();
                assertThat(status.role()).isEqualTo(Role.FOLLOWER);
                assertThat(status.votingMembers()).containsExactly("A", "B", "C", "D");
                assertThat(status.majority()).isEqualTo(3);
            });
            assertThatThrownBy(() -> follower.raft().orElseThrow().addVotingMember("D", TIMEOUT))
                    .hasMessage("raft add D: D is already a voting member (voting members: A,B,C,D)");

            assertThat(learner.raft().orElseThrow().removeVotingMember("C", TIMEOUT)).containsExactly("A", "B", "D");
            await().atMost(GENEROUS).until(() -> cluster.live().stream()
                    .allMatch(p -> p.raftStatus().orElseThrow().votingMembers().equals(List.of("A", "B", "D"))));
            assertThatThrownBy(() -> learner.raft().orElseThrow().removeVotingMember("C", TIMEOUT))
                    .hasMessage("raft remove C: C is not a voting member (voting members: A,B,D)");
            assertThat(follower.store().orElseThrow().get("from-learner", false, TIMEOUT)).contains("yes");

            // removed through the log, D is refused as a voter on restart even if --members names it
            learner.raft().orElseThrow().removeVotingMember("D", TIMEOUT);
            cluster.stop("D");
            PeerConfig asVoter = cluster.config("D").toBuilder().members(List.of("A", "B", "C", "D")).build();
            assertThatThrownBy(() -> Conclave.join(asVoter)).isInstanceOf(ConclaveException.class).hasMessage(
                    "peer D is no longer a voting member: its raft log says the voting members are A,B (it was removed"
                            + " with 'raft remove D'). Pass PeerConfig.learner=true to run it as a learner, then 'raft add D' from another peer");
            cluster.start(asVoter.toBuilder().learner(true).build());
            await().atMost(GENEROUS).until(() -> cluster.peer("D").raftStatus().orElseThrow().role() == Role.LEARNER
                    && cluster.peer("D").leader().isPresent());
        }
    }

    @Test
    void malformedMemberListsAreRefusedWithTheConfigFieldNamed() {
        assertThat(RaftMembers.parse(" A, B ,C")).containsExactly("A", "B", "C");
        assertThatThrownBy(() -> RaftMembers.parse("A,,B")).hasMessage(
                "malformed PeerConfig.members 'A,,B': name 2 is empty; write the voting members separated by single commas, e.g. PeerConfig.members=A,B,C");
        assertThatThrownBy(() -> RaftMembers.parse("A,B,")).hasMessageContaining("name 3 is empty");
        assertThatThrownBy(() -> RaftMembers.parse(" ")).hasMessage("PeerConfig.members is empty; list the voting members, e.g. PeerConfig.members=A,B,C");
        assertThatThrownBy(() -> RaftMembers.parse("A,B,A")).hasMessage(
                "PeerConfig.members lists A twice; name each voting member once, e.g. PeerConfig.members=A,B,C");
        assertThatThrownBy(() -> RaftMembers.parse("A B,C")).hasMessageStartingWith(
                "invalid voting member 'A B' (PeerConfig.members): names may not contain whitespace");

        try (TestCluster cluster = new TestCluster("raft-udp", data)) {
            PeerConfig duplicated = cluster.config("A").toBuilder().members(List.of("A", "B", "A")).build();
            assertThatThrownBy(() -> cluster.start(duplicated)).isInstanceOf(ConclaveException.class)
                    .hasMessage("PeerConfig.members lists A twice; name each voting member once, e.g. PeerConfig.members=A,B,C");
        }
    }

    @Test
    void twoPeersNeverShareADataDirectory() {
        try (TestCluster cluster = new TestCluster("raft-udp", data)) {
            Peer a = cluster.start("A");
            PeerConfig intruder = cluster.config("B").toBuilder().dataDir(data.resolve("A")).build();
            assertThatThrownBy(() -> Conclave.join(intruder)).isInstanceOf(ConclaveException.class)
                    .hasMessage("data directory " + data.resolve("A") + " is in use by another running peer (peer A, pid "
                            + ProcessHandle.current().pid() + "); two peers must never share one (PeerConfig.dataDir):"
                            + " give each peer its own directory, or stop the other peer");
            assertThat(a.view().members()).containsExactly("A");

            // released with the peer: the directory can be used again
            cluster.stop("A");
            cluster.start(cluster.config("A")).close();
        }
    }

    @Test
    void aSecondPeerWithTheSameNameIsRefused() {
        try (TestCluster cluster = new TestCluster("raft-udp", data)) {
            cluster.start("A");
            PeerConfig twin = cluster.config("A").toBuilder().dataDir(data.resolve("A-twin")).build();
            assertThatThrownBy(() -> Conclave.join(twin)).isInstanceOf(ConclaveException.class)
                    .hasMessageStartingWith("a peer named A is already in cluster " + cluster.name());
        }
    }

    @Test
    void withoutAReachableMajorityPeersRunButHaveNoLeaderAndSayWhy() {
        try (TestCluster cluster = new TestCluster("raft-udp", data).members("A", "B", "C", "D", "E")) {
            cluster.start("A", "B");
            String reason = "no majority: 2 of 5 voting members reachable, 3 needed";
            await().atMost(GENEROUS).until(() -> cluster.live().stream()
                    .allMatch(p -> p.view().size() == 2 && reason.equals(p.leadership().reason())));
            Peer a = cluster.peer("A");
            assertThat(a.leader()).isEmpty();
            assertThat(a.raftStatus().orElseThrow()).satisfies(s -> {
                assertThat(s.reachable()).isEqualTo(2);
                assertThat(s.majority()).isEqualTo(3);
                assertThat(s.leader()).isNull();
            });
            assertThatThrownBy(() -> a.store().orElseThrow().put("k", "v", Duration.ofSeconds(2)))
                    .isInstanceOfSatisfying(StoreException.class,
                            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NO_LEADER))
                    .hasMessage("put k: no leader: " + reason);

            // a third voting member makes a majority: a leader is elected and writes work
            cluster.start("C");
            cluster.awaitOneLeader();
            assertThat(a.store().orElseThrow().put("k", "v", TIMEOUT)).isEmpty();
        }
    }
}
