package io.conclave.lab;

import io.conclave.fault.Cut;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static io.conclave.lab.LabFixture.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The udp-large stack's failure detection through the coordinator (detection/FD_HUB) on real channels: every
 * fault still gives each side its own view and leader, as FD_ALL3 does, and every heal one leader and one full
 * view on every peer; and 100 peers fit in one process.
 */
class HubDetectionTest {

    private static final String STACK = "udp-large";

    @TempDir
    Path dir;

    private static boolean viewSizes(LabFixture f, int size, String... peers) {
        return Stream.of(peers).allMatch(p -> f.peer(p).view().size() == size);
    }

    private static String headline(LabFixture f) {
        return ViewsReport.census(f.lab.rows()).headline();
    }

    @Test
    void aSideCutOffFromTheCoordinatorAndTheNextInLineStillFormsAViewOfItsOwn() {
        try (LabFixture f = new LabFixture(5, STACK, dir, null)) {
            assertThat(f.awaitOneLeader()).isEqualTo("A");
            // C, D and E hear neither A nor B: they must notice B too, which under FD_HUB they never watched
            f.lab.partition(Cut.parseSides("A,B / C,D,E"));
            await().atMost(GENEROUS).until(() -> viewSizes(f, 2, "A", "B") && viewSizes(f, 3, "C", "D", "E")
                    && headline(f).equals("SPLIT BRAIN: 2 leaders: A (A,B) and C (C,D,E)"));
            f.lab.heal();
            assertThat(f.awaitOneLeader()).as("the larger side's leader").isEqualTo("C");
            assertThat(viewSizes(f, 5, "A", "B", "C", "D", "E")).as("one full view on every peer").isTrue();
        }
    }

    @Test
    void theCoordinatorCutOffAloneIsReplacedByTheNextInLineAndACutOffMemberIsLeftOut() {
        try (LabFixture f = new LabFixture(5, STACK, dir, null)) {
            assertThat(f.awaitOneLeader()).isEqualTo("A");
            f.lab.isolate("A");
            await().atMost(GENEROUS).until(() -> viewSizes(f, 1, "A") && viewSizes(f, 4, "B", "C", "D", "E")
                    && headline(f).equals("SPLIT BRAIN: 2 leaders: A (A) and B (B,C,D,E)"));
            f.lab.heal();
            String leader = f.awaitOneLeader();

            String member = Stream.of("C", "D", "E").filter(p -> !p.equals(leader)).findFirst().orElseThrow();
            f.lab.isolate(member);
            List<String> rest = Stream.of("A", "B", "C", "D", "E").filter(p -> !p.equals(member)).toList();
            await().atMost(GENEROUS).until(() -> viewSizes(f, 1, member) && viewSizes(f, 4, rest.toArray(String[]::new)));
            f.lab.heal();
            assertThat(f.awaitOneLeader()).isEqualTo(leader);
            assertThat(viewSizes(f, 5, "A", "B", "C", "D", "E")).as("one full view on every peer").isTrue();
        }
    }

    @Test
    void aPausedMemberIsLeftOutAndComesBackIntoOneView() {
        try (LabFixture f = new LabFixture(3, STACK, dir, null)) {
            assertThat(f.awaitOneLeader()).isEqualTo("A");
            f.lab.pause("C", Duration.ofSeconds(3));
            await().atMost(GENEROUS).until(() -> viewSizes(f, 2, "A", "B"));
            // resumed after 3 s, C merges back: one view of the three and one leader (which one, the merge decides:
            // C's stale view of three can count as the larger side)
            await().atMost(GENEROUS).until(() -> viewSizes(f, 3, "A", "B", "C"));
            assertThat(f.awaitOneLeader()).isIn("A", "B", "C");
        }
    }

    /**
     * Random cuts of five peers into two or three sides, wherever the coordinator and the next in line fall: every
     * side must come to a view of exactly its own members (the coordinator's side by its watching, the others by
     * a member that lost the coordinator watching everyone), and every heal to one leader and one full view. The
     * seed is printed and in every failure: rerun one with {@code -Dconclave.seed=N}; {@code -Dconclave.rounds=N}.
     */
    @Test
    void everyRandomCutGivesEachSideAViewOfItsOwnAndEveryHealOneView() {
        long seed = Long.getLong("conclave.seed", System.nanoTime());
        int rounds = Integer.getInteger("conclave.rounds", 4);
        System.out.println("HubDetectionTest seed " + seed + ", " + rounds + " rounds");
        java.util.Random random = new java.util.Random(seed);
        List<String> names = List.of("A", "B", "C", "D", "E");
        try (LabFixture f = new LabFixture(5, STACK, dir, null)) {
            f.awaitOneLeader();
            for (int round = 1; round <= rounds; round++) {
                int count = 2 + random.nextInt(2);
                List<java.util.Set<String>> sides = new java.util.ArrayList<>();
                for (int i = 0; i < count; i++) {
                    sides.add(new java.util.TreeSet<>());
                }
                for (int i = 0; i < names.size(); i++) { // the first `count` peers open the sides, so none is empty
                    sides.get(i < count ? i : random.nextInt(count)).add(names.get(i));
                }
                java.util.Collections.shuffle(sides, random);
                String cut = String.join(" / ", sides.stream().map(side -> String.join(",", side)).toList());
                String context = "seed " + seed + ", round " + round + ", cut " + cut;
                f.lab.partition(Cut.parseSides(cut));
                await().atMost(GENEROUS).alias(context).until(() -> sides.stream().allMatch(side -> side.stream()
                        .allMatch(p -> java.util.Set.copyOf(f.peer(p).view().members()).equals(side))));
                f.lab.heal();
                await().atMost(GENEROUS).alias(context + ", then healed").until(() -> f.agreement().agreedLeader().isPresent());
            }
        }
    }

    @Test
    void aHundredPeersInOneProcessAgreeOnOneLeaderAndOneView() {
        try (LabFixture f = new LabFixture(100, STACK, dir, null)) {
            // awaitOneLeader waits for one leader named by all 100 and each of them seeing all 100
            assertThat(f.awaitOneLeader()).isEqualTo("A");
            assertThat(f.lab.live()).hasSize(100).allSatisfy(p -> assertThat(p.view().size()).isEqualTo(100));
        }
    }
}
