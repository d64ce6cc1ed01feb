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
        assertThat(agreement.describe()).isEqualTo("no word from C; A sees A,B, not A,B,C; B sees A,B, not A,B,C");
    }

    @Test
    void noPeersAgreeOnNothing() {
        assertThat(Agreement.onLeaderAndView(List.of()).describe()).isEqualTo("no peers");
        assertThat(Agreement.onLeader(List.of()).agreedLeader()).isEmpty();
    }
}
