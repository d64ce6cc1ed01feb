package io.conclave.agreement;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CensusTest {

    /** What a peer says when only its leader matters (its view and epoch do not, to the census). */
    private static PeerSnapshot says(String peer, String leader, String reason) {
        return new PeerSnapshot(peer, List.of(), leader, reason, -1);
    }

    @Test
    void twoLeadersAreSplitBrainWithTheirFollowers() {
        Census census = Census.of(List.of(says("A", "A", null), says("B", "A", null),
                says("C", "C", null), says("D", "C", null), says("E", "C", null)));
        assertThat(census.splitBrain()).isTrue();
        assertThat(census.agreedLeader()).isEmpty();
        assertThat(census.headline()).isEqualTo("SPLIT BRAIN: 2 leaders: A (A,B) and C (C,D,E)");
    }

    @Test
    void sidesWithoutALeaderSayWhy() {
        String reason = "no quorum: 2 of 5 (3 needed)";
        Census census = Census.of(List.of(says("A", null, reason), says("B", null, reason),
                says("C", "C", null), says("D", "C", null), says("E", "C", null)));
        assertThat(census.splitBrain()).isFalse();
        assertThat(census.leaderCount()).isEqualTo(1);
        assertThat(census.agreedLeader()).as("A and B do not agree").isEmpty();
        assertThat(census.headline()).isEqualTo("one leader: C (C,D,E); no leader on A,B: " + reason);
    }

    @Test
    void everyoneAgrees() {
        Census census = Census.of(List.of(says("A", "B", null), says("B", "B", null)));
        assertThat(census.agreedLeader()).contains("B");
        assertThat(Census.of(List.of()).describe()).isEqualTo("no peers");
    }

    @Test
    void aLeaderNamedOnlyByOthersIsNoLeader() {
        String reason = "lease ran out: no majority granted it within 1.5 s";
        Census census = Census.of(List.of(says("A", null, reason), says("B", null, reason),
                says("C", "A", null), says("D", "A", null), says("E", "A", null)));
        assertThat(census.leaderCount()).isZero();
        assertThat(census.agreedLeader()).isEmpty();
        assertThat(census.headline()).isEqualTo("no leader on A,B: " + reason + "; C,D,E still name A, which no longer leads");
        // a leader outside the peers asked (another host, say) still counts
        assertThat(Census.of(List.of(says("C", "A", null))).agreedLeader()).contains("A");
    }
}
