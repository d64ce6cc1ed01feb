package io.conclave.cli;

import io.conclave.admin.AdminAddress;
import io.conclave.admin.AdminClient;
import io.conclave.bench.PeerProcess;
import io.conclave.json.Json;
import io.conclave.support.AdminPorts;
import io.conclave.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three real peer processes from the jar, each with an admin endpoint: the one-shot commands ask them without
 * joining (views and epochs stay as they were), /leader answers 200 on exactly one peer before and after a
 * kill -9 of the leader, 'watch' follows the events, and a partition shows as disagreement (exit 1).
 */
class AdminCliIT {

    private static final Duration GENEROUS = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path data;

    @Test
    void oneShotCommandsAskWithoutJoiningAndFollowTheLeaderAfterKill9() throws Exception {
        String cluster = "it-" + UUID.randomUUID().toString().substring(0, 8);
        int mcastPort = ThreadLocalRandom.current().nextInt(20_000, 60_000);
        Map<String, PeerProcess> peers = new LinkedHashMap<>();
        Map<String, AdminClient> admins = new LinkedHashMap<>();
        try {
            for (String name : List.of("A", "B", "C")) {
                int port = AdminPorts.free();
                PeerProcess peer = PeerProcess.start(name, cluster, mcastPort, data.resolve(name), List.of("--admin", String.valueOf(port)));
                peers.put(name, peer);
                admins.put(name, new AdminClient(new AdminAddress(AdminAddress.LOOPBACK, port), null, TIMEOUT));
                await().atMost(GENEROUS).until(() -> peer.lastLeader() != null);
            }
            await().atMost(GENEROUS).until(() -> peers.values().stream().allMatch(p -> p.lastMembers().size() == 3));
            await().atMost(GENEROUS).until(() -> leaders(admins).size() == 1);
            String endpoints = String.join(",", admins.values().stream().map(a -> a.address().toString()).toList());

            // a one-shot status leaves every member's view and epoch as they were, and no member sees a new view
            Map<String, List<Object>> before = viewsAndEpochs(admins);
            Map<String, Integer> eventsBefore = new LinkedHashMap<>();
            peers.forEach((n, p) -> eventsBefore.put(n, p.events().size()));
            Cli.Outcome table = Cli.run("status", "--admin", endpoints);
            assertThat(table.code()).as(table.err()).isZero();
            assertThat(table.out().lines()).hasSize(4);
            assertThat(table.out()).contains("ENDPOINT", "PEER", "LEADER", "EPOCH", "A|");
            Cli.Outcome json = Cli.run("status", "--admin", endpoints, "-o", "json");
            assertThat(json.code()).isZero();
            List<?> rows = (List<?>) Json.parse(json.out().strip());
            assertThat(rows).hasSize(3);
            for (String command : List.of("leader", "members", "view")) {
                Cli.Outcome outcome = Cli.run(command, "--admin", endpoints);
                assertThat(outcome.code()).as(command + ": " + outcome.err()).isZero();
                assertThat(outcome.out().lines()).as(command).hasSize(4);
            }
            Cli.Outcome raft = Cli.run("raft", "--admin", endpoints);
            assertThat(raft.out()).contains("not raft");
            assertThat(viewsAndEpochs(admins)).isEqualTo(before);
            peers.forEach((n, p) -> assertThat(p.events()).as(n).hasSize(eventsBefore.get(n)));

            // kill -9 of the leader: /leader answers 200 on exactly one survivor; 'watch' sees the new view
            String leader = leaders(admins).get(0);
            Map<String, AdminClient> survivors = new LinkedHashMap<>(admins);
            survivors.remove(leader);
            String survivorEndpoints = String.join(",", survivors.values().stream().map(a -> a.address().toString()).toList());
            Process watch = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    PeerProcess.jar().toString(), "watch", "--admin", survivorEndpoints, "--count", "2", "-o", "json").start();
            await().atMost(GENEROUS).until(() -> subscribers(survivors) == 2);
            peers.get(leader).crash();
            await().atMost(GENEROUS).until(() -> {
                List<String> now = leaders(survivors);
                return now.size() == 1 && !now.get(0).equals(leader);
            });
            assertThat(watch.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String watched = new String(watch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(watch.exitValue()).as(watched).isZero();
            assertThat(watched.lines()).hasSize(2).allSatisfy(line -> assertThat(Json.parseObject(line)).containsKeys("ts", "peer", "type"));

            // the dead peer's endpoint does not answer: exit 4, the others still agree
            Cli.Outcome partial = Cli.run("leader", "--admin", endpoints);
            assertThat(partial.code()).as(partial.err()).isEqualTo(4);
            assertThat(partial.err()).contains("1 of 3 admin endpoints did not answer");
            assertThat(partial.out()).contains("error: no answer");

            // a partition between the survivors: two leaders, and the one-shot command says so with exit 1
            List<String> rest = new ArrayList<>(survivors.keySet());
            peers.get(rest.get(0)).send("partition " + rest.get(0) + " / " + rest.get(1)); // stdin is the peer's shell
            await().atMost(GENEROUS).until(() -> leaders(survivors).size() == 2);
            Cli.Outcome split = Cli.run("status", "--admin", survivorEndpoints);
            assertThat(split.code()).as(split.out()).isEqualTo(1);
            assertThat(split.err()).startsWith("peers disagree on the leader: ");

            // no endpoint answers: exit 3
            peers.values().forEach(PeerProcess::crash);
            Cli.Outcome none = Cli.run("status", "--admin", endpoints, "--timeout", "1s");
            assertThat(none.code()).isEqualTo(3);
            assertThat(none.err().strip()).isEqualTo("no admin endpoint answered");
        } finally {
            peers.values().forEach(PeerProcess::close);
        }
    }

    /** The peers whose /leader answers 200. */
    private static List<String> leaders(Map<String, AdminClient> admins) {
        List<String> leaders = new ArrayList<>();
        admins.forEach((name, admin) -> {
            try {
                if (admin.get("/leader", TIMEOUT).status() == 200) {
                    leaders.add(name);
                }
            } catch (IOException e) {
                // a dead peer leads nothing
            }
        });
        return leaders;
    }

    private static Map<String, List<Object>> viewsAndEpochs(Map<String, AdminClient> admins) throws IOException {
        Map<String, List<Object>> state = new LinkedHashMap<>();
        for (Map.Entry<String, AdminClient> e : admins.entrySet()) {
            Map<String, Object> status = Json.parseObject(e.getValue().get("/status", TIMEOUT).body());
            state.put(e.getKey(), List.of(status.get("view"), status.get("epoch"), status.get("members")));
        }
        return state;
    }

    /** How many of these endpoints have an /events client, read from their own metrics. */
    private static int subscribers(Map<String, AdminClient> admins) {
        int count = 0;
        for (AdminClient admin : admins.values()) {
            try {
                String metrics = admin.get("/metrics", TIMEOUT).body();
                if (metrics.contains("conclave_admin_event_streams 1.0")) {
                    count++;
                }
            } catch (IOException e) {
                // not yet
            }
        }
        return count;
    }
}
