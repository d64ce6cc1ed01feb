package io.conclave.cli;

import io.conclave.bench.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code peer --while-leader CMD} through the jar: the command runs on the leader only, with its token; when the
 * leader's process is killed (-9) its command and the command's own children die with it, and the new leader
 * starts its own with a higher token.
 */
class SidecarIT {

    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path data;

    @Test
    void theCommandRunsOnlyOnTheLeaderAndDiesWithItsPeer() throws Exception {
        String cluster = "it-" + UUID.randomUUID().toString().substring(0, 8);
        int port = ThreadLocalRandom.current().nextInt(20_000, 60_000);
        // the command starts a grandchild of its own, so killing only the shell would not be enough
        String command = "sleep 600 & echo \"$CONCLAVE_PEER $CONCLAVE_EPOCH $$ $!\" > " + data + "/running-$CONCLAVE_PEER; wait";
        Map<String, PeerProcess> peers = new LinkedHashMap<>();
        try {
            for (String name : List.of("A", "B", "C")) {
                peers.put(name, PeerProcess.start(name, cluster, port, data.resolve(name), List.of("--stack", "quorum-udp",
                        "--set", "conclave.cluster_size=3", "--while-leader", command)));
            }
            await().atMost(GENEROUS).until(() -> running().size() == 1);
            String[] first = running().values().iterator().next();
            String leader = first[0];
            assertThat(alive(first[2])).isTrue();
            assertThat(alive(first[3])).isTrue();

            peers.get(leader).crash();
            await().atMost(GENEROUS).until(() -> !alive(first[2]) && !alive(first[3]));
            await().atMost(GENEROUS).until(() -> running().values().stream().anyMatch(r -> !r[0].equals(leader)
                    && alive(r[2])));
            String[] second = running().values().stream().filter(r -> !r[0].equals(leader)).findFirst().orElseThrow();
            assertThat(Long.parseLong(second[1])).as("the new leader's token").isGreaterThan(Long.parseLong(first[1]));
            assertThat(running().values().stream().filter(r -> alive(r[2]))).as("one command at a time").hasSize(1);
        } finally {
            peers.values().forEach(PeerProcess::close);
        }
        // a peer that leaves stops its command too
        await().atMost(GENEROUS).until(() -> running().values().stream().noneMatch(r -> alive(r[2]) || alive(r[3])));
    }

    /** peer, epoch, shell pid, grandchild pid, per peer that ever ran the command. */
    private Map<String, String[]> running() throws IOException {
        Map<String, String[]> runs = new LinkedHashMap<>();
        try (var files = Files.list(data)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("running-")).toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8).trim();
                String[] fields = text.split(" ");
                if (fields.length == 4) {
                    runs.put(fields[0], fields);
                }
            }
        }
        return runs;
    }

    private static boolean alive(String pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(pid));
        return handle.map(ProcessHandle::isAlive).orElse(false);
    }
}
