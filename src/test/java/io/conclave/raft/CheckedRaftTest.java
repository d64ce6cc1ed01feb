package io.conclave.raft;

import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.Role;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CHECKED_RAFT installs the checking follower itself: jgroups-raft's follower is never in place, not even briefly. */
class CheckedRaftTest {

    @Test
    void everyChangeToTheFollowerRoleInstallsTheCheckingFollowerBeforeAnyoneHearsOfIt() {
        CHECKED_RAFT raft = new CHECKED_RAFT();
        raft.raftId("A").members(List.of("A", "B", "C"));
        // the first listener: with a plain RAFT it would see jgroups-raft's follower, still in place
        List<Class<?>> seenByListeners = new ArrayList<>();
        raft.addRoleListener(role -> seenByListeners.add(raft.impl().getClass()));
        FollowerAppendCheck.install(raft);
        assertThat(raft.impl()).isInstanceOf(FollowerAppendCheck.Follower.class);

        raft.changeRole(Role.Learner);
        raft.changeRole(Role.Follower);
        raft.changeRole(Role.Follower); // the role it holds: nothing changes, no one is told
        assertThat(seenByListeners).containsExactly(org.jgroups.protocols.raft.Learner.class, FollowerAppendCheck.Follower.class);
        assertThat(raft.role()).as("reported as jgroups-raft names the role").isEqualTo("Follower");
    }

    @Test
    void aPeerOfABundledRaftStackRunsIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (io.conclave.support.TestCluster cluster = new io.conclave.support.TestCluster("raft-udp", dir).members("A")) {
            io.conclave.election.Peer a = cluster.start(cluster.config("A"));
            RAFT raft = io.conclave.spi.ChannelOwner.channelOf(a).orElseThrow().getProtocolStack().findProtocol(RAFT.class);
            assertThat(raft).isInstanceOf(CHECKED_RAFT.class);
            assertThat(a.stack().protocols()).contains("RAFT");
        }
    }

    @Test
    void itKeepsRaftsProtocolIdAndNameSoPeersWithPlainRaftUnderstandIt() {
        assertThat(new CHECKED_RAFT().getId()).isEqualTo(new RAFT().getId()).isNotZero();
        assertThat(new CHECKED_RAFT().getName()).isEqualTo("RAFT");
    }
}
