package io.conclave.fault;

import io.conclave.election.ConclaveException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CutTest {

    private static Cut cut(String sides) {
        return Cut.NONE.next("A", Cut.parseSides(sides));
    }

    @Test
    void peersTalkOnlyWithinASide() {
        Cut cut = cut("A,B / C,D,E");
        assertThat(cut.connected("A", "B")).isTrue();
        assertThat(cut.connected("C", "E")).isTrue();
        assertThat(cut.connected("A", "C")).isFalse();
        assertThat(cut.connected("E", "B")).isFalse();
        assertThat(cut.describe()).isEqualTo("A,B / C,D,E");
        assertThat(cut.bridges()).isEmpty();
    }

    @Test
    void overlappingSidesMakeABridge() {
        Cut cut = cut("A,B,C / C,D,E");
        assertThat(cut.connected("C", "A")).isTrue();
        assertThat(cut.connected("C", "E")).isTrue();
        assertThat(cut.connected("A", "E")).isFalse();
        assertThat(cut.bridges()).containsExactly("C");
    }

    @Test
    void theRestStandsForEveryPeerNotNamedAndAnUnnamedPeerWithoutRestIsCutOff() {
        Cut isolated = Cut.NONE.next("B", List.of(Set.of("A"), Set.of(Cut.REST)));
        assertThat(isolated.connected("A", "B")).isFalse();
        assertThat(isolated.connected("B", "Z")).isTrue();
        assertThat(isolated.describe()).isEqualTo("A / *");

        Cut partial = cut("A,B / C");
        assertThat(partial.connected("D", "A")).isFalse();
        assertThat(partial.connected("D", "C")).isFalse();
        assertThat(partial.connected("D", "D")).isTrue();
    }

    @Test
    void noCutConnectsEveryone() {
        assertThat(Cut.NONE.active()).isFalse();
        assertThat(Cut.NONE.connected("A", "Q")).isTrue();
        assertThat(Cut.NONE.describe()).isEqualTo("none");
    }

    @Test
    void laterGenerationsWinAndTiesGoToTheGreaterIssuer() {
        Cut first = cut("A / B");
        Cut heal = first.next("B", List.of());
        assertThat(heal.newerThan(first)).isTrue();
        assertThat(first.newerThan(heal)).isFalse();
        assertThat(first.newerThan(first)).isFalse();
        Cut rival = new Cut(first.generation(), "Z", Cut.parseSides("A,B / C"));
        assertThat(rival.newerThan(first)).isTrue();
    }

    @Test
    void badSidesAreRejectedWithAHint() {
        assertThatThrownBy(() -> Cut.parseSides("A,B")).isInstanceOf(ConclaveException.class)
                .hasMessageContaining("one side").hasMessageContaining("A,B / C,D,E");
        assertThatThrownBy(() -> Cut.parseSides("A,,B / C")).hasMessageContaining("empty name");
        assertThatThrownBy(() -> Cut.parseSides("A / * / *")).hasMessageContaining("more than one side");
        assertThat(Cut.parseSides(" A , B /C ")).containsExactly(Set.of("A", "B"), Set.of("C"));
    }
}
