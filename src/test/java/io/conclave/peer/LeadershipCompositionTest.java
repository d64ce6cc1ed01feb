package io.conclave.peer;

import io.conclave.coordinator.CoordinatorElector;
import io.conclave.coordinator.CoordinatorRule;
import io.conclave.election.Leadership;
import io.conclave.election.Mode;
import io.conclave.lease.Verdict;
import io.conclave.raft.RaftElector;
import io.conclave.raft.RaftRule;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** How each mode composes its rule's decision and the lease's verdict into a leadership, from plain values. */
class LeadershipCompositionTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void withoutAQuorumTheCoordinatorLeadsAndTheEpochIsTheViewNumber() {
        Leadership leadership = CoordinatorElector.leadership(new CoordinatorRule.Decision("A", null), 7, AT);
        assertThat(leadership).isEqualTo(new Leadership(Mode.COORDINATOR, "A", 7, AT, null));
    }

    @Test
    void withAQuorumTheLeaseDecidesWhoLeadsAndWithWhichToken() {
        Leadership leads = CoordinatorElector.leadership(new CoordinatorRule.Decision("A", null),
                new Verdict("A", 12, null, 0, false), AT);
        assertThat(leads).isEqualTo(new Leadership(Mode.COORDINATOR, "A", 12, AT, null));

        Leadership waiting = CoordinatorElector.leadership(new CoordinatorRule.Decision("A", null),
                new Verdict(null, 12, "waiting for a majority's grant", 0, false), AT);
        assertThat(waiting).isEqualTo(Leadership.none(Mode.COORDINATOR, 12, AT, "waiting for a majority's grant"));
    }

    @Test
    void aSideWithoutACandidateSaysWhyTheRuleFoundNone() {
        Leadership coordinator = CoordinatorElector.leadership(new CoordinatorRule.Decision(null, "no majority: 1 of 3"),
                new Verdict(null, 12, "holds no lease", 0, false), AT);
        assertThat(coordinator.reason()).isEqualTo("no majority: 1 of 3");

        Leadership raft = RaftElector.leadership(new RaftRule.Decision(null, "no leader elected yet", 3),
                new Verdict(null, 4, "holds no lease", 0, false), 4, AT);
        assertThat(raft).isEqualTo(Leadership.none(Mode.RAFT, 4, AT, "no leader elected yet"));
    }

    @Test
    void inRaftModeTheEpochIsTheTermAndTheLeaseDecidesWhetherTheRaftLeaderLeads() {
        RaftRule.Decision raftLeader = new RaftRule.Decision("B", null, 3);
        assertThat(RaftElector.leadership(raftLeader, new Verdict("B", 5, null, 0, false), 5, AT))
                .isEqualTo(new Leadership(Mode.RAFT, "B", 5, AT, null));
        assertThat(RaftElector.leadership(raftLeader, new Verdict(null, 5, "lease ran out", 0, true), 5, AT))
                .isEqualTo(Leadership.none(Mode.RAFT, 5, AT, "lease ran out"));
    }
}
