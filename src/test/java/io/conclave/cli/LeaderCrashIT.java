package io.conclave.cli;

import io.conclave.bench.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Three real peer processes from the jar on loopback; kill -9 the leader; the survivors agree on a new one. */
class LeaderCrashIT {

    @TempDir
    Path data;

    @Test
    void survivorsAgreeOnTheSameNewLeaderAfterKill9() throws Exception {
        String cluster = "it-" + UUID.randomUUID().toString().substring(0, 8);
        int port = ThreadLocalRandom.current().nextInt(20_000, 60_000);
        List<PeerProcess> peers = new ArrayList<>();
        try {
            for (String name : List.of("A", "B", "C")) {
                peers.add(PeerProcess.start(name, cluster, port, data.resolve(name), List.of("--no-shell")));
                PeerProcess started = peers.get(peers.size() - 1);
                // Start them one after the other so the first is the coordinator, as on a real LAN.
                await().atMost(Duration.ofSeconds(60)).until(() -> started.lastLeader() != null);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> peers.stream()
                    .allMatch(p -> p.lastMembers().size() == 3 && "A".equals(p.lastLeader())));

            peers.get(0).crash();
            List<PeerProcess> survivors = peers.subList(1, 3);
            await().atMost(Duration.ofSeconds(60)).until(() -> survivors.stream()
                    .allMatch(p -> p.lastMembers().equals(List.of("B", "C"))));
            assertThat(survivors).allSatisfy(p -> assertThat(p.lastLeader()).isEqualTo("B"));
            assertThat(survivors).allSatisfy(p -> assertThat(p.events())
                    .anySatisfy(e -> assertThat(e).containsEntry("type", "leader").containsEntry("previous", "A")
                            .containsEntry("leader", "B").containsEntry("mode", "coordinator")));
            assertThat(peers).allSatisfy(p -> assertThat(p.otherLines()).as("non-JSON output of " + p.name()).isEmpty());
        } finally {
            peers.forEach(PeerProcess::close);
        }
    }
}
