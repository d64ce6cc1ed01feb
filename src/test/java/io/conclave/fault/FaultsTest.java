package io.conclave.fault;

import io.conclave.election.ElectionEvent;
import io.conclave.election.LeaderSilence;
import io.conclave.election.Peer;
import io.conclave.support.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fault-injection protocol between real channels on loopback, driven the way the peer shell drives it. */
class FaultsTest {

    @TempDir
    Path data;

    private static FAULTS faults(Peer peer) {
        return FAULTS.of(peer).orElseThrow();
    }

    @Test
    void overlappingSidesLeaveViewsNamingALeaderNoLongerHeardAndAHealFromAnySideReachesAll() {
        try (TestCluster cluster = new TestCluster("udp", data)) {
            cluster.start("A", "B", "C", "D");
            assertThat(cluster.awaitOneLeader()).isEqualTo("A");

            // typed on D, on the far side: every peer applies it
            Cut cut = faults(cluster.peer("D")).partition(Cut.parseSides("A,B / B,C,D"));
            for (Peer peer : cluster.live()) {
                await().atMost(GENEROUS).until(() -> faults(peer).cut().equals(cut));
            }

            // A, the coordinator, suspects C and D through failure detection and drops them...
            await().atMost(GENEROUS).until(() -> cluster.peer("A").view().members().equals(List.of("A", "B")));
            assertThat(cluster.peer("A").history()).anySatisfy(e -> assertThat(e)
                    .isEqualTo(new ElectionEvent.MemberSuspected(e.ts(), "A", "C")));
            // ...but C and D only suspect the coordinator, which nobody acts on: their view still names A
            await().atMost(GENEROUS).until(() -> cluster.peer("C").leaderSilence().map(LeaderSilence::unreachable).orElse(false));
            assertThat(cluster.peer("C").view().members()).containsExactly("A", "B", "C", "D");
            assertThat(cluster.peer("C").leader()).contains("A");
            assertThat(cluster.peer("C").leaderSilence().orElseThrow().describe()).startsWith("leader unreachable for ");
            assertThat(cluster.peer("B").leaderSilence().orElseThrow().unreachable()).as("B hears A").isFalse();
            assertThat(cluster.peer("A").leaderSilence()).as("A leads itself").isEmpty();

            faults(cluster.peer("C")).heal();
            cluster.awaitOneLeader();
            for (Peer peer : cluster.live()) {
                assertThat(faults(peer).cut().active()).isFalse();
            }
        }
    }

    @Test
    void aPeerRestartedDuringACutIsToldTheCutAndStaysOnItsSide() {
        try (TestCluster cluster = new TestCluster("udp", data)) {
            cluster.start("A", "B", "C");
            cluster.awaitOneLeader();
            Cut cut = faults(cluster.peer("A")).isolate("C");
            await().atMost(GENEROUS).until(() -> cluster.peer("C").view().members().equals(List.of("C")));

            cluster.stop("C");
            Peer restarted = cluster.start("C");

            await().atMost(GENEROUS).until(() -> faults(restarted).cut().equals(cut));
            await().atMost(GENEROUS).until(() -> restarted.view().members().equals(List.of("C"))
                    && cluster.peer("A").view().members().equals(List.of("A", "B")));
            assertThat(restarted.leader()).contains("C");

            faults(restarted).heal();
            assertThat(cluster.awaitOneLeader()).isEqualTo("A");
        }
    }
}
