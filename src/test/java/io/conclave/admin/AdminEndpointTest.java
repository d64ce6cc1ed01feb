package io.conclave.admin;

import io.conclave.Conclave;
import io.conclave.election.ConclaveException;
import io.conclave.election.Peer;
import io.conclave.election.PeerConfig;
import io.conclave.json.Json;
import io.conclave.support.AdminPorts;
import io.conclave.support.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Three coordinator-mode peers in this JVM, each with an admin endpoint on loopback, asked over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminEndpointTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Path data;

    private TestCluster cluster;
    private final Map<String, AdminClient> clients = new LinkedHashMap<>();

    @BeforeAll
    void start(@TempDir Path dir) {
        data = dir;
        cluster = new TestCluster("udp", data);
        for (String name : List.of("A", "B", "C")) {
            int port = AdminPorts.free();
            cluster.start(cluster.config(name).toBuilder().admin(String.valueOf(port)).build());
            clients.put(name, new AdminClient(new AdminAddress(AdminAddress.LOOPBACK, port), null, TIMEOUT));
        }
        await().atMost(GENEROUS).until(() -> cluster.live().stream().allMatch(p -> p.view().size() == 3));
        cluster.awaitOneLeader();
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void everyEndpointAnswersWithItsStatusAndJson() throws IOException, InterruptedException {
        String leader = cluster.awaitOneLeader();
        String follower = cluster.names().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
        Peer peer = cluster.peer(follower);
        AdminClient admin = clients.get(follower);

        assertThat(json(admin, "/health", 200)).containsEntry("status", "ok").containsEntry("peer", follower);
        assertThat(json(admin, "/ready", 200)).containsEntry("status", "ok").containsEntry("reason", null);
        assertThat(json(admin, "/leader", 503)).containsEntry("leader", leader).containsEntry("is_leader", false)
                .containsEntry("epoch", peer.epoch());
        assertThat(json(clients.get(leader), "/leader", 200)).containsEntry("leader", leader).containsEntry("is_leader", true)
                .containsEntry("self", leader);
        assertThat(json(admin, "/status", 200)).containsEntry("peer", follower).containsEntry("cluster", cluster.name())
                .containsEntry("mode", "coordinator").containsEntry("role", "follower of " + leader)
                .containsEntry("leader", leader).containsEntry("epoch", peer.epoch()).containsEntry("view", peer.view().id())
                .containsEntry("members", peer.view().members()).containsEntry("stack", "udp");
        assertThat(json(admin, "/view", 200)).containsEntry("view", peer.view().id()).containsEntry("self", follower)
                .containsEntry("coordinator", peer.view().coordinator());
        assertThat(Json.parse(get(admin, "/members", 200))).asList().hasSize(3);
        List<?> history = (List<?>) Json.parse(get(admin, "/history", 200));
        assertThat(history).isNotEmpty().allSatisfy(e -> assertThat(Json.parseObject(Json.write(e))).containsKeys("ts", "peer", "type"));
        assertThat(Json.parse(get(admin, "/merges", 200))).isEqualTo(List.of());
        assertThat(json(admin, "/raft", 404)).containsKey("error");
        assertThat(json(admin, "/nothing", 404).get("error").toString()).contains("/health");

        HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(admin.address().url() + "/status"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void metricsAreInThePrometheusFormatAndPassPromtool() throws IOException, InterruptedException {
        String leader = cluster.awaitOneLeader();
        String text = get(clients.get(leader), "/metrics", 200);
        assertThat(text).contains("conclave_has_leader 1.0", "conclave_is_leader 1.0", "conclave_view_members 3.0",
                "conclave_epoch ", "conclave_leader_changes_seen_total ", "conclave_merges_total 0.0",
                "conclave_suspicions_total ", "conclave_leader_silence_seconds 0.0", "conclave_refused_total 0.0",
                "conclave_peer_info{cluster=\"" + cluster.name() + "\",mode=\"coordinator\",peer=\"" + leader + "\",stack=\"udp\"} 1",
                "jgroups_protocol_attribute{attribute=\"", "protocol=\"UNICAST3\"", "jvm_memory_used_bytes");
        String follower = cluster.names().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
        assertThat(get(clients.get(follower), "/metrics", 200)).contains("conclave_is_leader 0.0", "conclave_leader_silence_seconds ");
        Promtool.Result check = Promtool.check(text);
        assertThat(check.code()).as(check.output()).isZero();
    }

    @Test
    void eventsStreamDeliversAViewChangeAndLeaderAnswersOnExactlyOnePeerAfterTheLeaderGoes() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        String survivor = "D";
        int port = AdminPorts.free();
        Peer d = cluster.start(cluster.config(survivor).toBuilder().admin(String.valueOf(port)).build());
        AdminClient dAdmin = new AdminClient(new AdminAddress(AdminAddress.LOOPBACK, port), null, TIMEOUT);
        CountDownLatch subscribed = new CountDownLatch(1);
        CompletableFuture<Integer> stream = CompletableFuture.supplyAsync(() -> {
            try {
                return dAdmin.follow(subscribed::countDown, line -> {
                    events.add(line);
                    return true;
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        await().atMost(GENEROUS).until(() -> d.view().size() == 4);
        String leader = cluster.awaitOneLeader();
        assertThat(leadersByEndpoint()).containsExactly(leader);

        assertThat(subscribed.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
        cluster.stop(leader);
        clients.remove(leader);
        clients.put(survivor, dAdmin);
        await().atMost(GENEROUS).until(() -> events.stream().anyMatch(e -> e.contains("\"type\":\"view\"")
                && !e.contains("\"" + leader + "\"")));
        String next = cluster.awaitOneLeader();
        assertThat(next).isNotEqualTo(leader);
        await().atMost(GENEROUS).until(() -> leadersByEndpoint().equals(List.of(next)));
        assertThat(Json.parseObject(events.get(0))).containsKeys("ts", "peer", "type");
        stream.cancel(true);
    }

    @Test
    void offLoopbackTheTokenIsRequired() throws IOException {
        PeerConfig base = cluster.config("T");
        int port = AdminPorts.free();
        assertThatThrownBy(() -> AdminServer.bind(base.toBuilder().admin("0.0.0.0:" + port).build()))
                .isInstanceOf(ConclaveException.class).hasMessageContaining("PeerConfig.adminTokenFile");
        Path token = data.resolve("token");
        Files.writeString(token, "s3cret-token\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> AdminServer.bind(base.toBuilder().admin("0.0.0.0:" + port).adminTokenFile(token).build()))
                .isInstanceOf(ConclaveException.class).hasMessageContaining("chmod 600");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        try (Peer t = Conclave.join(base.toBuilder().admin("0.0.0.0:" + port).adminTokenFile(token).build())) {
            AdminAddress address = new AdminAddress(AdminAddress.LOOPBACK, port);
            AdminClient anonymous = new AdminClient(address, null, TIMEOUT);
            AdminClient wrong = new AdminClient(address, "guess", TIMEOUT);
            AdminClient right = new AdminClient(address, "s3cret-token", TIMEOUT);
            for (String path : List.of("/health", "/status", "/metrics", "/events")) {
                assertThat(anonymous.get(path, TIMEOUT).status()).as(path).isEqualTo(401);
                assertThat(wrong.get(path, TIMEOUT).status()).as(path).isEqualTo(401);
            }
            assertThat(right.get("/health", TIMEOUT).status()).isEqualTo(200);
            assertThat(Json.parseObject(right.get("/status", TIMEOUT).body())).containsEntry("peer", t.name());
        }
        // the endpoint closed with its peer: the port is free again
        assertThatThrownBy(() -> new AdminClient(new AdminAddress(AdminAddress.LOOPBACK, port), null, TIMEOUT)
                .get("/health", TIMEOUT)).isInstanceOf(IOException.class);
    }

    /** The peers whose /leader answers 200. */
    private List<String> leadersByEndpoint() throws IOException {
        List<String> leaders = new ArrayList<>();
        for (Map.Entry<String, AdminClient> e : clients.entrySet()) {
            if (e.getValue().get("/leader", TIMEOUT).status() == 200) {
                leaders.add(e.getKey());
            }
        }
        return leaders;
    }

    private static String get(AdminClient admin, String path, int status) throws IOException {
        AdminClient.Answer answer = admin.get(path, TIMEOUT);
        assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(status);
        return answer.body();
    }

    private static Map<String, Object> json(AdminClient admin, String path, int status) throws IOException {
        return Json.parseObject(get(admin, path, status));
    }
}
