package io.conclave.coordinator;

import io.conclave.election.ViewInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The coordinator-mode decision, scripted view by view. */
class CoordinatorRuleTest {

    private static ViewInfo view(String... members) {
        return new ViewInfo(members.length == 0 ? "" : members[0], 7, List.of(members));
    }

    @Test
    void withoutQuorumTheFirstMemberAlwaysLeads() {
        CoordinatorRule rule = new CoordinatorRule(0);
        assertThat(rule.decide(view("B", "A", "C")).leader()).isEqualTo("B");
        assertThat(rule.decide(view("C")).leader()).isEqualTo("C");
        assertThat(rule.decide(view()).leader()).isNull();
    }

    @Test
    void withQuorumOnlyAMajorityOfTheDeclaredSizeLeads() {
        CoordinatorRule rule = new CoordinatorRule(5);
        assertThat(rule.decide(view("A", "B", "C")).leader()).isEqualTo("A");
        CoordinatorRule.Decision minority = rule.decide(view("D", "E"));
        assertThat(minority.leader()).isNull();
        assertThat(minority.reason()).isEqualTo("no quorum: 2 of 5 (3 needed)");
    }

    @Test
    void evenSizesNeedMoreThanHalf() {
        CoordinatorRule rule = new CoordinatorRule(4);
        assertThat(rule.decide(view("A", "B")).leader()).isNull();
        assertThat(rule.decide(view("A", "B", "C")).leader()).isEqualTo("A");
        assertThat(CoordinatorRule.majorityOf(4)).isEqualTo(3);
        assertThat(CoordinatorRule.majorityOf(5)).isEqualTo(3);
    }

    @Test
    void twoSidesOfOnePartitionNeverBothHaveAQuorum() {
        for (int size = 1; size <= 9; size++) {
            CoordinatorRule rule = new CoordinatorRule(size);
            for (int left = 0; left <= size; left++) {
                boolean leftLeads = left > 0 && rule.decide(new ViewInfo("L", 1, java.util.Collections.nCopies(left, "L"))).leader() != null;
                boolean rightLeads = size - left > 0 && rule.decide(new ViewInfo("R", 1, java.util.Collections.nCopies(size - left, "R"))).leader() != null;
                assertThat(leftLeads && rightLeads).as("size %d split %d|%d", size, left, size - left).isFalse();
            }
        }
    }
}
