package io.conclave.timeline;

import io.conclave.timeline.Lane.DownSpan;
import io.conclave.timeline.Lane.LeadSpan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.conclave.timeline.Fixtures.fault;
import static io.conclave.timeline.Fixtures.leaders;
import static io.conclave.timeline.Fixtures.timeline;
import static org.assertj.core.api.Assertions.assertThat;

/** The model behind the page, from real lab recordings (demo/timeline.lab, demo/quorum.lab, demo/raft-partition.lab). */
class TimelineBuilderTest {

    private final Timeline coordinator = timeline("lab-coordinator.jsonl");

    @Test
    void theRecordingHeaderNamesClusterStackModeAndPeers() {
        assertThat(coordinator.cluster()).startsWith("lab-");
        assertThat(coordinator.stack()).isEqualTo("udp");
        assertThat(coordinator.mode()).isEqualTo("coordinator");
        assertThat(coordinator.strict()).isFalse();
        assertThat(coordinator.lanes()).extracting(Lane::peer).containsExactly("A", "B", "C", "D", "E");
        assertThat(coordinator.skews()).hasSize(1).allMatch(ClockSkew::reference);
    }

    @Test
    void aPausedLeaderIsPausedOnItsLaneAndGoesOnBelievingItLeadsUntilTheMerge() {
        Lane a = coordinator.lane("A").orElseThrow();
        Instant pause = fault(coordinator, "pause");
        Instant resume = fault(coordinator, "resume");
        assertThat(a.downs()).extracting(DownSpan::state).containsExactly(PeerState.PAUSED);
        assertThat(a.downs().get(0).from()).isEqualTo(pause);
        assertThat(a.downs().get(0).to()).isEqualTo(resume);
        LeadSpan first = a.leads().get(0);
        MergeMark merge = coordinator.merges().get(0);
        assertThat(first.from()).isBefore(pause);
        assertThat(first.to()).isAfter(resume).isBetween(merge.at(), merge.at().plusSeconds(1));
        assertThat(merge.report()).contains("two leaders at once");
    }

    @Test
    void thePauseAndThePartitionAreTheSplitBrainsEachUntilItsMerge() {
        assertThat(leaders(coordinator.splitBrain())).containsExactly("A+B", "B+C");
        Period paused = coordinator.splitBrain().get(0);
        Period cut = coordinator.splitBrain().get(1);
        // B is elected once failure detection gives up on A (~2.5 s), C once it gives up on the other side
        assertThat(paused.from()).isBetween(fault(coordinator, "pause").plusSeconds(1), fault(coordinator, "resume"));
        assertThat(cut.from()).isBetween(fault(coordinator, "partition").plusSeconds(1), fault(coordinator, "heal"));
        assertThat(coordinator.merges()).extracting(MergeMark::view).hasSize(2);
        assertThat(paused.to()).isBetween(coordinator.merges().get(0).at(), coordinator.merges().get(0).at().plusMillis(500));
        assertThat(cut.to()).isBetween(coordinator.merges().get(1).at(), coordinator.merges().get(1).at().plusMillis(500));
        // in coordinator mode each side's leader leads: the overlaps are the split brains
        assertThat(leaders(coordinator.overlaps())).containsExactly("A+B", "B+C");
    }

    @Test
    void aKilledPeerIsDownFromTheKillToItsRestartAndBelievesNothingMeanwhile() {
        Lane e = coordinator.lane("E").orElseThrow();
        Instant kill = fault(coordinator, "kill");
        Instant start = fault(coordinator, "start");
        assertThat(e.downs()).singleElement().satisfies(d -> {
            assertThat(d.state()).isEqualTo(PeerState.KILLED);
            assertThat(d.from()).isEqualTo(kill);
            assertThat(d.to()).isEqualTo(start);
        });
        assertThat(e.views()).noneMatch(v -> v.from().isBefore(start) && v.to().isAfter(kill));
        assertThat(e.follows()).noneMatch(f -> f.from().isBefore(start) && f.to().isAfter(kill));
    }

    @Test
    void faultsSayWhatFollowedAndTheLabsOwnShutdownEndsTheStory() {
        assertThat(coordinator.faults()).extracting(FaultMark::action)
                .containsExactly("pause", "resume", "partition", "heal", "kill", "start");
        assertThat(coordinator.labClosed()).isNotNull();
        assertThat(coordinator.end()).isEqualTo(coordinator.labClosed());
        FaultMark heal = coordinator.faults().get(3);
        assertThat(heal.merged()).isNotNull().isBetween(Duration.ofMillis(100), Duration.ofSeconds(10));
        assertThat(heal.outcome()).matches("leader [A-E] on A,B,C,D,E");
        FaultMark partition = coordinator.faults().get(2);
        assertThat(partition.newLeader()).isNotNull();
        assertThat(partition.outcome()).contains("; ");
        assertThat(coordinator.lanes()).allMatch(l -> l.downs().stream().noneMatch(d -> d.state() == PeerState.STOPPED));
    }

    @Test
    void leadersOverTimeCoverTheWholeRecordingEndToEnd() {
        List<Period> leaders = coordinator.leaders();
        assertThat(leaders.get(0).from()).isEqualTo(coordinator.start());
        assertThat(leaders.get(leaders.size() - 1).to()).isEqualTo(coordinator.end());
        for (int i = 1; i < leaders.size(); i++) {
            assertThat(leaders.get(i).from()).isEqualTo(leaders.get(i - 1).to());
            assertThat(leaders.get(i).leaders()).isNotEqualTo(leaders.get(i - 1).leaders());
        }
        assertThat(leaders).extracting(p -> String.join("+", p.leaders())).contains("A", "A+B", "B+C");
        assertThat(coordinator.longestLeaderless()).hasValueSatisfying(p -> assertThat(p.length()).isLessThan(Duration.ofSeconds(1)));
    }

    @Test
    void withAQuorumTheMinorityNamesNoLeaderAndThereAreNeverTwo() {
        Timeline quorum = timeline("lab-quorum.jsonl");
        assertThat(quorum.mode()).isEqualTo("coordinator + quorum");
        assertThat(quorum.strict()).isTrue();
        assertThat(quorum.overlaps()).isEmpty();
        assertThat(quorum.splitBrain()).isEmpty();
        Instant partition = fault(quorum, "partition");
        assertThat(quorum.lane("A").orElseThrow().follows())
                .anyMatch(f -> f.leader() == null && f.from().isAfter(partition) && f.reason().contains("quorum"));
    }

    @Test
    void raftNeverHasTwoLeadersAndTheTermIsTheEpochOfItsLeadership() {
        Timeline raft = timeline("lab-raft.jsonl");
        assertThat(raft.mode()).isEqualTo("raft");
        assertThat(raft.strict()).isTrue();
        assertThat(raft.overlaps()).isEmpty();
        assertThat(raft.lanes()).flatExtracting(Lane::leads).isNotEmpty().allMatch(l -> l.epoch() > 0);
    }
}
