package io.conclave.exit;

import io.conclave.bench.PeerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * FD_EXIT on real peer processes: a bundled stack (udp; tcp and quorum-udp once) with every other way to exclude a member
 * slowed to a minute (VERIFY_SUSPECT2 verifies each suspicion for 60 s, FD_ALL3 waits 60 s of silence), so a member that is
 * gone within seconds was excluded by FD_EXIT alone. A paused member's process has not ended: it stays.
 */
class ProcessExitIT {

    /** Half the slowed detectors' minute: a member gone within it was excluded by FD_EXIT. */
    private static final Duration FAST_ENOUGH = Duration.ofSeconds(30);

    @TempDir
    Path data;

    private final List<PeerProcess> peers = new ArrayList<>();

    /**
     * Starts A, B and C one after the other (A coordinates) on {@code bundled} with VERIFY_SUSPECT2 and FD_ALL3
     * slowed to a minute.
     */
    private void startThreePeers(String bundled, String... options) throws IOException {
        String original = Files.readString(Path.of("stacks/" + bundled + ".xml"));
        String slowed = original.replaceFirst("<VERIFY_SUSPECT2 timeout=\"[^\"]*\"/>", "<VERIFY_SUSPECT2 timeout=\"60s\"/>")
                .replaceFirst("<FD_ALL3 [^>]*/>", "<FD_ALL3 timeout=\"60s\" interval=\"1s\"/>");
        assertThat(slowed).contains("<FD_ALL3 timeout=\"60s\" interval=\"1s\"/>").contains("<VERIFY_SUSPECT2 timeout=\"60s\"/>")
                .contains("<io.conclave.exit.FD_EXIT/>");
        Path stack = Files.writeString(data.resolve(bundled + "-slow-detection.xml"), slowed);
        String cluster = "exit-" + UUID.randomUUID().toString().substring(0, 8);
        int port = ThreadLocalRandom.current().nextInt(20_000, 60_000);
        for (String name : List.of("A", "B", "C")) {
            List<String> args = new ArrayList<>(List.of("--no-shell", "--stack", stack.toString()));
            args.addAll(List.of(options));
            PeerProcess peer = PeerProcess.start(name, cluster, port, data.resolve(name), args);
            peers.add(peer);
            await().atMost(Duration.ofSeconds(60)).until(() -> !peer.lastMembers().isEmpty()); // one after the other: A coordinates
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> peers.stream()
                .allMatch(p -> p.lastMembers().size() == 3 && "A".equals(p.lastLeader())));
    }

    @AfterEach
    void stopPeers() {
        peers.forEach(PeerProcess::close);
    }

    @Test
    void aKilledLeaderIsExcludedAtOnceAndTheNextLeads() throws IOException {
        startThreePeers("udp");
        peers.get(0).crash();
        awaitSurvivors(List.of("B", "C"), "B");
    }

    @Test
    void aKilledMemberIsExcludedByTheCoordinator() throws IOException {
        startThreePeers("udp");
        peers.get(2).crash();
        awaitSurvivors(List.of("A", "B"), "A");
    }

    /** The TCP stacks carry FD_EXIT too: peers found by TCPPING on this host's default port, TCP between them. */
    @Test
    void aKilledLeaderOfATcpStackIsExcludedAtOnce() throws IOException {
        startThreePeers("tcp");
        peers.get(0).crash();
        awaitSurvivors(List.of("B", "C"), "B");
    }

    /**
     * Quorum mode: the view change comes from FD_EXIT alone, the successor asks for its lease while the view is being
     * installed, the other member's promise to the dead leader ends with its process, and the new leadership carries
     * a higher fencing token.
     */
    @Test
    void aKilledQuorumLeaderIsReplacedWithAHigherToken() throws IOException {
        startThreePeers("quorum-udp", "--set", "conclave.cluster_size=3");
        long before = peers.get(0).snapshot().epoch();
        peers.get(0).crash();
        awaitSurvivors(List.of("B", "C"), "B");
        assertThat(peers.get(1).snapshot().epoch()).isGreaterThan(before);
        assertThat(peers.get(2).snapshot().epoch()).isEqualTo(peers.get(1).snapshot().epoch());
    }

    @Test
    void aPausedLeaderIsNotAnEndedProcess() throws IOException {
        startThreePeers("udp");
        PeerProcess leader = peers.get(0);
        leader.pause(true);
        try {
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> peers.subList(1, 3).stream()
                    .allMatch(p -> p.lastMembers().size() == 3 && "A".equals(p.lastLeader())));
        } finally {
            leader.pause(false);
        }
        // and it still watches after the pause: the same process, killed now, is excluded at once
        leader.crash();
        awaitSurvivors(List.of("B", "C"), "B");
    }

    /** Within {@link #FAST_ENOUGH}, every peer named in {@code members} has that view and names {@code leader}. */
    private void awaitSurvivors(List<String> members, String leader) {
        List<PeerProcess> survivors = peers.stream().filter(p -> members.contains(p.name())).toList();
        await().atMost(FAST_ENOUGH).until(() -> survivors.stream()
                .allMatch(p -> p.lastMembers().equals(members) && leader.equals(p.lastLeader())));
    }
}
