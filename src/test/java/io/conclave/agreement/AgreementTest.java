package io.conclave.agreement;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AgreementTest {

    private static final List<String> ABC = List.of("A", "B", "C");

    private static PeerSnapshot peer(String name, List<String> view, String leader) {
        return new PeerSnapshot(name, view, leader, leader == null ? "no quorum: 1 of 3 (2 needed)" : null, 4);
    }

    @Test
    void peersWithTheFullViewNamingOneLeaderAgreeOnIt() {
        Agreement agreement = Agreement.onLeaderAndView(List.of(peer("A", ABC, "A"), peer("B", List.of("B", "C", "A"), "A"),
                peer("C", ABC, "A")));
        assertThat(agreement).isEqualTo(new Agreement.Agreed("A"));
        assertThat(agreement.agreedLeader()).contains("A");
    }

    @Test
    void splitViewsDoNotAgreeEvenOnOneLeader() {
        Agreement agreement = Agreement.onLeaderAndView(List.of(peer("A", ABC, "A"), peer("B", ABC, "A"),
                peer("C", List.of("C"), "A")));
        assertThat(agreement.agreedLeader()).isEmpty();
        assertThat(agreement.describe()).isEqualTo("C sees C, not A,B,C");
        assertThat(Agreement.onLeader(List.of(peer("A", ABC, "A"), peer("C", List.of("C"), "A"))).agreedLeader())
                .as("the leader alone, views aside").contains("A");
    }

    @Test
    void twoLeadersDoNotAgree() {
        Agreement agreement = Agreement.onLeaderAndView(List.of(peer("A", ABC, "A"), peer("B", ABC, "A"),
                peer("C", ABC, "C")));
        assertThat(agreement.agreedLeader()).isEmpty();
        assertThat(agreement.describe()).isEqualTo("A (A,B) and C (C)");
    }

    @Test
    void aPeerWithNoLeaderSaysWhy() {
        Agreement agreement = Agreement.onLeader(List.of(peer("A", ABC, "A"), peer("B", ABC, "A"), peer("C", ABC, null)));
        assertThat(agreement.agreedLeader()).isEmpty();
        assertThat(agreement.describe()).isEqualTo("A (A,B); no leader on C: no quorum: 1 of 3 (2 needed)");
    }

    @Test
    void aMissingPeerIsNoAgreement() {
        Agreement agreement = Agreement.onLeaderAndView(ABC, List.of(peer("A", List.of("A", "B"), "A"),
                peer("B", List.of("A", "B"), "A")));
        assertThat(agreement.agreedLeader()).isEmpty();
        assertThat(agreement.describe()).isEqualTo("no word from C; A,B see A,B, not A,B,C");
    }

    @Test
    void noPeersAgreeOnNothing() {
        assertThat(Agreement.onLeaderAndView(List.of()).describe()).isEqualTo("no peers");
        assertThat(Agreement.onLeader(List.of()).agreedLeader()).isEmpty();
    }

    @Test
    void aLargeSplitClusterIsDescribedByItsViewsNotByEveryPeer() {
        List<String> all = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "P" + i).toList();
        List<String> left = all.subList(0, 10);
        List<String> right = all.subList(10, 20);
        List<PeerSnapshot> snapshots = all.stream()
                .map(name -> left.contains(name) ? peer(name, left, "P0") : peer(name, right, "P10")).toList();
        String description = Agreement.onLeaderAndView(all, snapshots).describe();
        assertThat(description).startsWith(String.join(",", left) + " see " + String.join(",", left) + ", not all 20; "
                + String.join(",", right) + " see " + String.join(",", right) + ", not all 20; ");
        // each name once in its view, once as a seer, once among its leader's followers, and the two leaders once
        // more ahead of their followers: 3 x 20 + 2 names
        assertThat(description.split("P", -1)).hasSize(3 * 20 + 2 + 1);
    }
}
