package io.conclave.merge;

import io.conclave.election.Peer;
import io.conclave.support.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With MERGE3 slowed down so far that on its own it cannot merge within a minute of a view change (first
 * INFO after 20 s, first check after 60 s), EAGER_MERGE still merges a healed partition within seconds:
 * the heal is heard in the other side's heartbeats.
 */
class EagerMergeTest {

    /** Far below MERGE3's own first check (60 s after the split's view), far above EAGER_MERGE's ~0.5 s. */
    private static final Duration MERGED_WITHIN = Duration.ofSeconds(15);

    @TempDir
    Path data;

    @Test
    void aHealedPartitionMergesLongBeforeMerge3sNextCheck() throws Exception {
        String udp = Files.readString(Path.of("stacks/udp.xml"));
        assertThat(udp).contains("<io.conclave.merge.EAGER_MERGE/>");
        String slowMerge3 = udp.replaceFirst("<io.conclave.merge.SERIAL_MERGE3 [^>]*/>",
                "<io.conclave.merge.SERIAL_MERGE3 min_interval=\"20s\" max_interval=\"30s\" check_interval=\"60s\"/>");
        Path stack = Files.writeString(data.resolve("slow-merge3-udp.xml"), slowMerge3);
        try (TestCluster cluster = new TestCluster(stack.toString(), data)) {
            cluster.start("A", "B", "C");
            cluster.awaitOneLeader();

            cluster.partition(List.of("A", "B"), List.of("C"));
            await().atMost(GENEROUS).until(() -> cluster.peer("C").view().members().equals(List.of("C"))
                    && cluster.peer("A").view().size() == 2 && cluster.peer("B").view().size() == 2);

            cluster.heal();
            for (Peer peer : cluster.live()) {
                await().atMost(MERGED_WITHIN).untilAsserted(() -> assertThat(peer.view().members())
                        .as(peer.name() + "'s view").hasSize(3));
            }
            assertThat(cluster.awaitOneLeader()).isNotNull();
        }
    }
}
