package io.conclave.lab;

import io.conclave.fault.Cut;
import io.conclave.election.PeerNames;
import io.conclave.shell.Durations;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabNamesTest {

    @Test
    void theFirst26AreTheLettersAsBeforeThenEachLetterAgainWithItsRound() {
        List<String> names = LabNames.first(LabOptions.MAX_PEERS);
        assertThat(names.subList(0, 26)).containsExactly("A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M",
                "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z");
        assertThat(names.subList(26, 29)).containsExactly("A1", "B1", "C1");
        assertThat(names.get(51)).isEqualTo("Z1");
        assertThat(names.get(52)).isEqualTo("A2");
        assertThat(names.get(99)).isEqualTo("V3");
        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void everyNameIsAPeerNameThatNoScriptTakesForADuration() {
        assertThat(LabNames.first(LabOptions.MAX_PEERS)).allSatisfy(name -> {
            assertThat(PeerNames.problemWith(name)).as(name).isNull();
            assertThat(Durations.looksLikeOne(name)).as(name).isFalse();
            assertThat(name).hasSizeLessThanOrEqualTo(2);
        });
    }

    @Test
    void aPartitionOfAllHundredIsTypedAsTheNamesRead() {
        List<String> names = LabNames.first(LabOptions.MAX_PEERS);
        String typed = String.join(",", names.subList(0, 50)) + " / " + String.join(",", names.subList(50, 100));
        assertThat(Cut.parseSides(typed)).containsExactly(Set.copyOf(names.subList(0, 50)), Set.copyOf(names.subList(50, 100)));
    }

    @Test
    void aLabHasOneToAHundredPeers() {
        assertThat(new LabOptions(LabOptions.MAX_PEERS, "udp", List.of(), java.nio.file.Path.of("unused"), null).names())
                .hasSize(100).endsWith("V3");
        assertThatThrownBy(() -> new LabOptions(LabOptions.MAX_PEERS + 1, "udp", List.of(), java.nio.file.Path.of("unused"), null))
                .hasMessage("--peers 101 is out of range; a lab has 1 to 100 peers (named A to Z, then A1 to Z1, ...)");
        assertThatThrownBy(() -> LabNames.of(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
