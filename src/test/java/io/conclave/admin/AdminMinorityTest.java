package io.conclave.admin;

import io.conclave.json.Json;
import io.conclave.support.AdminPorts;
import io.conclave.support.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /ready on a side without a majority, in quorum and raft modes: 503 with the reason; 200 on the majority side. */
class AdminMinorityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path data;

    @Test
    void quorumModeMinorityIsNotReady() throws IOException {
        try (TestCluster cluster = new TestCluster("quorum-udp", data, Map.of("conclave.cluster_size", "3"))) {
            Map<String, AdminClient> admins = start(cluster);
            cutOneOff(cluster, admins);
        }
    }

    @Test
    void raftModeMinorityIsNotReadyAndRaftMetricsPassPromtool() throws IOException, InterruptedException {
        try (TestCluster cluster = new TestCluster("raft-udp", data).members("A", "B", "C")) {
            Map<String, AdminClient> admins = start(cluster);
            String leader = cluster.awaitOneLeader();
            cluster.peer(leader).store().orElseThrow().put("k", "v");
            Map<String, Object> raft = Json.parseObject(admins.get(leader).get("/raft", TIMEOUT).body());
            assertThat(raft).containsEntry("role", "leader").containsEntry("leader", leader).containsEntry("majority", 2L);
            String metrics = admins.get(leader).get("/metrics", TIMEOUT).body();
            assertThat(metrics).contains("conclave_raft_term ", "conclave_raft_commit_index ", "conclave_raft_last_applied ",
                    "conclave_raft_log_entries ", "conclave_raft_majority 2.0",
                    "conclave_store_request_duration_seconds_count{operation=\"put\",outcome=\"ok\"} 1",
                    "conclave_store_request_duration_seconds_bucket{operation=\"put\",outcome=\"ok\",le=\"10.0\"} 1",
                    "protocol=\"RAFT\"");
            Promtool.Result check = Promtool.check(metrics);
            assertThat(check.code()).as(check.output()).isZero();
            cutOneOff(cluster, admins);
        }
    }

    private static Map<String, AdminClient> start(TestCluster cluster) throws IOException {
        Map<String, AdminClient> admins = new LinkedHashMap<>();
        for (String name : List.of("A", "B", "C")) {
            int port = AdminPorts.free();
            cluster.start(cluster.config(name).toBuilder().admin(String.valueOf(port)).build());
            admins.put(name, new AdminClient(new AdminAddress(AdminAddress.LOOPBACK, port), null, TIMEOUT));
        }
        cluster.awaitOneLeader();
        await().atMost(GENEROUS).until(() -> admins.values().stream().allMatch(a -> status(a, "/ready") == 200));
        return admins;
    }

    /** Cuts A off from B and C: A's /ready turns 503 naming why, B's and C's stay 200, one of them leads. */
    private static void cutOneOff(TestCluster cluster, Map<String, AdminClient> admins) throws IOException {
        cluster.partition(List.of("A"), List.of("B", "C"));
        await().atMost(GENEROUS).until(() -> status(admins.get("A"), "/ready") == 503);
        Map<String, Object> ready = Json.parseObject(admins.get("A").get("/ready", TIMEOUT).body());
        assertThat(ready).containsEntry("status", "unavailable").containsEntry("peer", "A");
        // "no majority: ..." from the raft status, or "no leader: " and the mode's own reason
        assertThat(ready.get("reason").toString()).matches("no (majority|leader): .+");
        assertThat(admins.get("A").get("/health", TIMEOUT).status()).as("still connected to its own side").isEqualTo(200);
        await().atMost(GENEROUS).until(() -> status(admins.get("B"), "/ready") == 200 && status(admins.get("C"), "/ready") == 200
                && (status(admins.get("B"), "/leader") == 200) != (status(admins.get("C"), "/leader") == 200));
        assertThat(status(admins.get("A"), "/leader")).isEqualTo(503);
    }

    /** The status code, or -1 when the endpoint does not answer. */
    private static int status(AdminClient admin, String path) {
        try {
            return admin.get(path, TIMEOUT).status();
        } catch (IOException e) {
            return -1;
        }
    }
}
