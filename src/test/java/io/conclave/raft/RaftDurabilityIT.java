package io.conclave.raft;

import io.conclave.bench.PeerProcess;
import org.jgroups.protocols.raft.FileBasedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * Three real peers from the jar in raft mode, driven through their shells. In the middle of a stream of
 * writes the leader is killed with SIGKILL, then started again on the same data directory: every write that
 * was acknowledged is on every peer, the restarted one's own copy included, and its term never went back.
 */
class RaftDurabilityIT {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final List<String> RAFT = List.of("--stack", "raft-udp", "--members", "A,B,C");

    @TempDir
    Path data;

    private final String cluster = "it-" + UUID.randomUUID().toString().substring(0, 8);
    private final int port = ThreadLocalRandom.current().nextInt(20_000, 60_000);
    private final Map<String, String> acknowledged = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile int writes;

    @Test
    void acknowledgedWritesSurviveAKillDashNineOfTheLeaderAndItsRestart() throws Exception {
        List<PeerProcess> all = new ArrayList<>();
        try {
            for (String name : List.of("A", "B", "C")) {
                all.add(start(name));
            }
            await().atMost(BOUND).until(() -> all.stream().allMatch(p -> p.lastMembers().size() == 3
                    && p.lastLeader() != null && p.lastLeader().equals(all.get(0).lastLeader())));
            String leaderName = all.get(0).lastLeader();
            PeerProcess leader = all.stream().filter(p -> p.name().equals(leaderName)).findFirst().orElseThrow();
            PeerProcess writer = all.stream().filter(p -> p != leader).findFirst().orElseThrow();

            // writes go on in the background while the leader is killed and restarted
            Thread writing = new Thread(() -> writeUntil(writer, 150), "writer");
            writing.start();
            await().atMost(BOUND).until(() -> acknowledged() >= 50);
            long termBeforeKill = highestEpoch(leader);
            leader.crash();
            int atKill = acknowledged();
            await().atMost(BOUND).until(() -> !leader.isAlive());
            assertThat(termOnDisk(leaderName)).as("term in the killed leader's log").isGreaterThanOrEqualTo(termBeforeKill);
            await().atMost(BOUND).until(() -> acknowledged() >= atKill + 50);

            PeerProcess restarted = start(leaderName);
            all.add(restarted);
            assertThat(secondPeerOn(leaderName)).contains("is in use by another running peer (peer " + leaderName);
            assertThat(epochs(restarted).get(0)).as("term read back at restart").isGreaterThanOrEqualTo(termBeforeKill);
            writing.join(BOUND.toMillis());
            assertThat(acknowledged()).isEqualTo(150);

            for (PeerProcess peer : all.subList(1, all.size())) {
                awaitAllAcknowledgedOn(peer);
            }
            assertThat(epochs(restarted)).isSorted();
            assertThat(all).allSatisfy(p -> assertThat(p.events()).noneMatch(e -> "leader".equals(e.get("type"))
                    && !"raft".equals(e.get("mode"))));
            System.out.println("RaftDurabilityIT: " + acknowledged.size() + " of " + writes + " writes acknowledged;"
                    + " killed leader " + leaderName + " at term " + termBeforeKill + ", restarted at term "
                    + epochs(restarted).get(0));
        } finally {
            all.forEach(PeerProcess::close);
        }
    }

    private PeerProcess start(String name) {
        PeerProcess peer = PeerProcess.start(name, cluster, port, data.resolve(name), RAFT);
        await().atMost(BOUND).until(() -> peer.lastLeaderEvent() != null);
        return peer;
    }

    /** Sends one command and returns the one line it printed (output and errors share the stream). */
    private static String ask(PeerProcess peer, String command) {
        int before = peer.otherLines().size();
        peer.send(command);
        return await().atMost(BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                .alias(peer.name() + " did not answer " + command).until(() -> peer.otherLines().size() > before ? peer.otherLines().get(before) : null, l -> l != null);
    }

    private int acknowledged() {
        return acknowledged.size();
    }

    private void writeUntil(PeerProcess writer, int count) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (acknowledged.size() < count) {
            assertThat(System.nanoTime()).as("acknowledged " + acknowledged.size() + " of " + count).isLessThan(deadline);
            String key = "w" + writes++;
            if (ask(writer, "put " + key + " v" + key + " --timeout 2s").startsWith("ok")) {
                acknowledged.put(key, "v" + key);
            }
        }
    }

    private void awaitAllAcknowledgedOn(PeerProcess peer) {
        List<String> missing;
        synchronized (acknowledged) {
            missing = new ArrayList<>(acknowledged.keySet());
        }
        await().atMost(BOUND).alias(peer.name() + " misses acknowledged writes " + missing).until(() -> {
            missing.removeIf(key -> ask(peer, "get --stale " + key).equals(acknowledged.get(key)));
            return missing.isEmpty();
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Long> epochs(PeerProcess peer) {
        return peer.events().stream().filter(e -> "leader".equals(e.get("type"))).map(e -> (Long) e.get("epoch")).toList();
    }

    private static long highestEpoch(PeerProcess peer) {
        return epochs(peer).stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** The term jgroups-raft will read at start-up from the dead peer's log directory. */
    private long termOnDisk(String name) throws Exception {
        FileBasedLog log = new FileBasedLog();
        log.init(data.resolve(name).resolve(name + ".log").toString(), Map.of());
        try {
            return log.currentTerm();
        } finally {
            log.close();
        }
    }

    /** Starts another peer on {@code name}'s data directory and returns what it printed on refusal. */
    private String secondPeerOn(String name) throws Exception {
        Process intruder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.net.preferIPv4Stack=true", "-jar", PeerProcess.jar().toString(), "peer", "--name", "X",
                "--cluster", cluster, "--bind-addr", "127.0.0.1", "--data-dir", data.resolve(name).toString(),
                "--stack", "raft-udp", "--learner", "-c", "status")).redirectErrorStream(true).start();
        String out = new String(intruder.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(intruder.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(intruder.exitValue()).as(out).isEqualTo(2);
        return out;
    }
}
