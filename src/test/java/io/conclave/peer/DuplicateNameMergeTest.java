package io.conclave.peer;

import io.conclave.Conclave;
import io.conclave.election.ElectionEvent;
import io.conclave.election.Peer;
import io.conclave.election.PeerConfig;
import io.conclave.support.Quarantine;
import io.conclave.support.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A second process named A, started during a partition on the other side, leads its side (coordinator mode:
 * each side has its leader, on purpose); at the merge it is refused on both sides, it stops leading as it
 * sees the merge, and from then on only one process answers isLeader() for A.
 */
class DuplicateNameMergeTest {

    @TempDir
    Path data;

    @Test
    void aDuplicateNameStartedDuringAPartitionIsRefusedAtTheMerge() throws Exception {
        // udp.xml with a partition by group just above the transport
        String udp = Files.readString(Path.of("stacks/udp.xml"));
        String stack = udp.replace("<io.conclave.fault.FAULTS/>",
                "<io.conclave.support.Quarantine group=\"${test.group}\"/>\n    <io.conclave.fault.FAULTS/>");
        Path stackFile = Files.writeString(data.resolve("quarantine-udp.xml"), stack);
        try (TestCluster cluster = new TestCluster(stackFile.toString(), data, Map.of("test.group", "majority"))) {
            cluster.start("A", "B", "C");
            assertThat(cluster.awaitOneLeader()).isEqualTo("A");
            Peer first = cluster.peer("A");

            Quarantine.close(cluster.name());
            PeerConfig base = cluster.config("A");
            Map<String, String> minority = new HashMap<>(base.settings());
            minority.put("test.group", "minority");
            Peer second = Conclave.join(base.toBuilder().dataDir(data.resolve("second-A")).settings(minority).build());
            AtomicBoolean ledAfterTheMerge = new AtomicBoolean();
            Thread watch = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    boolean refused = notices(second).stream().anyMatch(n -> n.startsWith("refused at the merge"));
                    if (refused && second.isLeader()) {
                        ledAfterTheMerge.set(true);
                    }
                    Thread.onSpinWait();
                }
            });
            try {
                await().atMost(GENEROUS).until(second::isLeader);
                assertThat(second.view().members()).containsExactly("A");
                watch.start();

                Quarantine.open(cluster.name());
                await().atMost(GENEROUS).untilAsserted(() -> assertThat(notices(second))
                        .anyMatch(n -> n.startsWith("refused at the merge: a peer named A is already in cluster " + cluster.name())));
                for (String name : List.of("A", "B", "C")) {
                    await().atMost(GENEROUS).untilAsserted(() -> assertThat(notices(cluster.peer(name)))
                            .anyMatch(n -> n.startsWith("refused a second process named A (")));
                }
                assertThat(second.isLeader()).isFalse();
                assertThat(second.leadership().reason()).startsWith("refused at the merge");
                // the refused one has left: one A in every view, and it leads
                for (Peer peer : cluster.live()) {
                    await().atMost(GENEROUS).until(() -> peer.view().members().size() == 3);
                }
                assertThat(cluster.awaitOneLeader()).isEqualTo("A");
                assertThat(first.isLeader()).isTrue();
            } finally {
                watch.interrupt();
                watch.join();
                second.close();
                Quarantine.open(cluster.name());
            }
            assertThat(ledAfterTheMerge).as("the refused A answered isLeader() after it saw the merge").isFalse();
        }
    }

    private static List<String> notices(Peer peer) {
        return peer.history().stream().filter(ElectionEvent.Notice.class::isInstance).map(ElectionEvent.Notice.class::cast)
                .map(ElectionEvent.Notice::message).toList();
    }
}
