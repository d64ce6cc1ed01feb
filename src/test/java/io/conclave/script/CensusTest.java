package io.conclave.script;

import io.conclave.script.Census.Belief;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CensusTest {

    @Test
    void twoLeadersAreSplitBrainWithTheirFollowers() {
        Census census = Census.ofBeliefs(List.of(new Belief("A", "A", null), new Belief("B", "A", null),
                new Belief("C", "C", null), new Belief("D", "C", null), new Belief("E", "C", null)));
        assertThat(census.splitBrain()).isTrue();
        assertThat(census.agreedLeader()).isEmpty();
        assertThat(census.headline()).isEqualTo("SPLIT BRAIN: 2 leaders: A (A,B) and C (C,D,E)");
    }

    @Test
    void sidesWithoutALeaderSayWhy() {
        String reason = "no quorum: 2 of 5 (3 needed)";
        Census census = Census.ofBeliefs(List.of(new Belief("A", null, reason), new Belief("B", null, reason),
                new Belief("C", "C", null), new Belief("D", "C", null), new Belief("E", "C", null)));
        assertThat(census.splitBrain()).isFalse();
        assertThat(census.leaderCount()).isEqualTo(1);
        assertThat(census.agreedLeader()).as("A and B do not agree").isEmpty();
        assertThat(census.headline()).isEqualTo("one leader: C (C,D,E); no leader on A,B: " + reason);
    }

    @Test
    void everyoneAgrees() {
        Census census = Census.ofBeliefs(List.of(new Belief("A", "B", null), new Belief("B", "B", null)));
        assertThat(census.agreedLeader()).contains("B");
        assertThat(Census.ofBeliefs(List.of()).describe()).isEqualTo("no peers");
    }

    @Test
    void aLeaderNamedOnlyByOthersIsNoLeader() {
        String reason = "lease ran out: no majority granted it within 1.5 s";
        Census census = Census.ofBeliefs(List.of(new Belief("A", null, reason), new Belief("B", null, reason),
                new Belief("C", "A", null), new Belief("D", "A", null), new Belief("E", "A", null)));
        assertThat(census.leaderCount()).isZero();
        assertThat(census.agreedLeader()).isEmpty();
        assertThat(census.headline()).isEqualTo("no leader on A,B: " + reason + "; C,D,E still name A, which no longer leads");
        // a leader outside the peers asked (another host, say) still counts
        assertThat(Census.ofBeliefs(List.of(new Belief("C", "A", null))).agreedLeader()).contains("A");
    }
}
