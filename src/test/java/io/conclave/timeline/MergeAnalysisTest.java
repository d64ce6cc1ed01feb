package io.conclave.timeline;

import io.conclave.election.ElectionEvent;
import io.conclave.election.ElectionEvent.LeaderChanged;
import io.conclave.election.ElectionEvent.Merged;
import io.conclave.election.ElectionEvent.Subgroup;
import io.conclave.election.ElectionEvent.ViewChanged;
import io.conclave.election.Mode;
import io.conclave.election.ViewInfo;
import io.conclave.shell.Style;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Merge reports from scripted events: no network, exact times. */
class MergeAnalysisTest {

    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private final List<ElectionEvent> events = new ArrayList<>();
    private final List<LabEvent> faults = new ArrayList<>();

    private static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    private static ViewInfo view(String creator, long number, String... members) {
        return new ViewInfo(creator, number, List.of(members));
    }

    private void install(double t, ViewInfo view, String leader, String... peers) {
        for (String peer : peers) {
            events.add(new ViewChanged(at(t), peer, view));
            events.add(new LeaderChanged(at(t), peer, Mode.COORDINATOR, null, leader, view.number(), leader == null ? "no quorum" : null));
        }
    }

    private void merge(double t, ViewInfo merged, List<Subgroup> sides, String leaderAfter) {
        for (Subgroup side : sides) {
            for (String peer : side.view().members()) {
                events.add(new ViewChanged(at(t), peer, merged));
                events.add(new LeaderChanged(at(t), peer, Mode.COORDINATOR, side.leader(), leaderAfter, merged.number(), null));
                events.add(new Merged(at(t), peer, merged, sides, side.leader(), leaderAfter, side.view().number(), merged.number()));
            }
        }
    }

    @Test
    void aPartitionHealedAfterTenSecondsHadTwoLeadersForTheWholeSplit() {
        ViewInfo whole = view("A", 4, "A", "B", "C", "D", "E");
        install(0, whole, "A", "A", "B", "C", "D", "E");
        faults.add(new LabEvent(at(1), "partition", List.of("A", "B", "C", "D", "E"), "A,B / C,D,E"));
        ViewInfo left = view("A", 5, "A", "B");
        ViewInfo right = view("C", 5, "C", "D", "E");
        install(3.5, left, "A", "A", "B");
        install(3.6, right, "C", "C", "D", "E");
        ViewInfo merged = view("C", 6, "C", "D", "E", "A", "B");
        merge(13.5, merged, List.of(new Subgroup(left, "A"), new Subgroup(right, "C")), "C");

        MergeReport report = MergeAnalysis.of("C|6", events, faults).orElseThrow();

        assertThat(report.at()).isEqualTo(at(13.5));
        assertThat(report.splitSince()).isEqualTo(at(3.5));
        assertThat(report.split()).isEqualTo(Duration.ofSeconds(10));
        assertThat(report.overlapping()).containsExactly("A", "C");
        assertThat(report.overlap()).isEqualTo(Duration.ofMillis(9900));
        assertThat(report.leaderAfter()).isEqualTo("C");
        assertThat(report.epochAfter()).isEqualTo(6);
        assertThat(report.sides()).extracting(MergeReport.Side::leaderBefore).containsExactly("A", "C");
        assertThat(report.sides().get(0).leaderChanged()).isTrue();
        assertThat(report.sides().get(1).leaderChanged()).isFalse();

        String text = report.render(Style.PLAIN);
        assertThat(text).contains("merge into C|6", "A,B [A|5, leader A]  +  C,D,E [C|5, leader C]",
                "lasted 10.0 s", "two leaders at once for 9.9 s: A, C", "leader C, epoch 6",
                "A,B: leader changed A -> C, epoch 5 -> 6", "C,D,E: leader kept (C), epoch 5 -> 6");
    }

    @Test
    void withAQuorumTheMinorityHadNoLeaderSoNothingOverlapped() {
        install(0, view("A", 4, "A", "B", "C", "D", "E"), "A", "A", "B", "C", "D", "E");
        ViewInfo left = view("A", 5, "A", "B");
        ViewInfo right = view("C", 5, "C", "D", "E");
        install(2.5, left, null, "A", "B");
        install(2.5, right, "C", "C", "D", "E");
        merge(6, view("C", 6, "C", "D", "E", "A", "B"), List.of(new Subgroup(left, null), new Subgroup(right, "C")), "C");

        MergeReport report = MergeAnalysis.of("C|6", events, faults).orElseThrow();

        assertThat(report.overlapping()).isEmpty();
        assertThat(report.overlap()).isZero();
        assertThat(report.render(Style.PLAIN)).contains("overlap  none: never two leaders at once", "leader changed none -> C");
    }

    @Test
    void aPausedLeaderKeepsBelievingItLeadsUntilTheMergeAndItsStaleViewIsReportedFromItsOwnEyes() {
        ViewInfo whole = view("A", 4, "A", "B", "C", "D", "E");
        install(0, whole, "A", "A", "B", "C", "D", "E");
        faults.add(new LabEvent(at(1), "pause", List.of("A"), "8 s"));
        ViewInfo rest = view("B", 5, "B", "C", "D", "E");
        install(3.5, rest, "B", "B", "C", "D", "E");
        // A installs nothing while paused: it still has A|4 naming everyone, and believes it leads
        merge(15, view("B", 6, "B", "C", "D", "E", "A"), List.of(new Subgroup(rest, "B"), new Subgroup(whole, "A")), "B");

        MergeReport report = MergeAnalysis.of("B|6", events, faults).orElseThrow();

        assertThat(report.overlapping()).containsExactly("A", "B");
        assertThat(report.overlap()).isEqualTo(Duration.ofMillis(11500));
        MergeReport.Side stale = report.sides().get(1);
        assertThat(stale.view().id()).isEqualTo("A|4");
        assertThat(stale.leaderBefore()).as("as A saw it, not as B (also in A|4) saw it").isEqualTo("A");
        assertThat(stale.epochBefore()).isEqualTo(4);
    }

    @Test
    void aKilledLeaderStopsLeadingWhenItIsKilled() {
        install(0, view("A", 4, "A", "B", "C"), "A", "A", "B", "C");
        ViewInfo left = view("A", 5, "A");
        ViewInfo right = view("B", 5, "B", "C");
        install(2, left, "A", "A");
        install(2, right, "B", "B", "C");
        faults.add(new LabEvent(at(4), "kill", List.of("A"), ""));
        merge(9, view("B", 6, "B", "C"), List.of(new Subgroup(right, "B")), "B");
        events.add(new Merged(at(9), "B", view("B", 7, "B", "C", "A"), List.of(new Subgroup(right, "B"), new Subgroup(left, "A")), "B", "B", 5, 7));

        MergeReport report = MergeAnalysis.of("B|7", events, faults).orElseThrow();

        assertThat(report.overlap()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aMergeNoPeerReportedHasNoReport() {
        assertThat(MergeAnalysis.of("X|1", events, faults)).isEmpty();
    }
}
