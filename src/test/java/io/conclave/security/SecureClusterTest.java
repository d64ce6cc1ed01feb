package io.conclave.security;

import io.conclave.election.ElectionEvent;
import io.conclave.election.PeerConfig;
import io.conclave.support.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Peers that share the secret form a cluster on the secure stacks and elect as usual. */
class SecureClusterTest {

    @TempDir
    Path data;

    @Test
    void peersWithTheSecretFormAClusterAndElect() {
        Path secret = data.resolve("cluster.secret");
        ClusterSecret.writeNew(secret, false);
        try (TestCluster cluster = new TestCluster("secure-udp", data, Map.of(PeerConfig.SECRET_FILE, secret.toString()))) {
            cluster.start("A", "B", "C");
            assertThat(cluster.awaitOneLeader()).isEqualTo("A");
            cluster.stop("A");
            assertThat(cluster.awaitOneLeader()).isEqualTo("B");
            assertThat(cluster.peer("B").history()).noneMatch(e -> e instanceof ElectionEvent.Notice n && n.kind() == ElectionEvent.Notice.Kind.REFUSED);
        }
    }

    @Test
    void raftPeersWithTheSecretElectAndReplicateWrites() {
        Path secret = data.resolve("cluster.secret");
        ClusterSecret.writeNew(secret, false);
        try (TestCluster cluster = new TestCluster("secure-raft-udp", data, Map.of(PeerConfig.SECRET_FILE, secret.toString()))
                .members("A", "B", "C")) {
            cluster.start("A", "B", "C");
            cluster.awaitOneLeader();
            cluster.peer("C").store().orElseThrow().put("k", "sealed");
            assertThat(cluster.peer("B").store().orElseThrow().get("k")).contains("sealed");
        }
    }
}
