package io.conclave.raft;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RaftRuleTest {

    private static final List<String> FIVE = List.of("A", "B", "C", "D", "E");

    @Test
    void aSideWithoutAMajorityHasNoLeaderEvenIfRaftStillNamesOne() {
        RaftRule.Decision decision = RaftRule.decide("A", List.of("A", "B"), FIVE, 3);
        assertThat(decision.leader()).isNull();
        assertThat(decision.reason()).isEqualTo("no majority: 2 of 5 voting members reachable, 3 needed");
        assertThat(decision.reachable()).isEqualTo(2);
    }

    @Test
    void learnersInTheViewDoNotCountTowardsTheMajority() {
        RaftRule.Decision decision = RaftRule.decide(null, List.of("A", "B", "X", "Y"), FIVE, 3);
        assertThat(decision.reason()).isEqualTo("no majority: 2 of 5 voting members reachable, 3 needed");
    }

    @Test
    void withAMajorityTheRaftLeaderLeadsIfItIsInTheView() {
        assertThat(RaftRule.decide("C", List.of("A", "B", "C"), FIVE, 3).leader()).isEqualTo("C");
        RaftRule.Decision gone = RaftRule.decide("E", List.of("A", "B", "C"), FIVE, 3);
        assertThat(gone.leader()).isNull();
        assertThat(gone.reason()).isEqualTo("leader E left; electing a new one");
        assertThat(RaftRule.decide(null, List.of("A", "B", "C"), FIVE, 3).reason())
                .isEqualTo("no leader yet: election in progress");
    }

    @Test
    void beforeTheFirstView() {
        assertThat(RaftRule.decide(null, List.of(), FIVE, 3).reason()).isEqualTo("not in a view");
    }
}
