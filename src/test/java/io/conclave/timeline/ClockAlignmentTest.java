package io.conclave.timeline;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.io.TempDir;

import static io.conclave.timeline.Fixtures.timeline;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two hosts: A's events in one file, B's and C's in another whose clock runs 2.5 s ahead (a real three-process
 * run; the skew added afterwards, see record-two-hosts.sh).
 */
class ClockAlignmentTest {

    @TempDir
    Path dir;

    private final Timeline twoHosts = timeline("two-hosts-A.jsonl", "two-hosts-BC.jsonl");

    @Test
    void theSkewIsEstimatedFromTheViewsBothHostsInstalled() {
        assertThat(twoHosts.skews()).hasSize(2);
        assertThat(twoHosts.skews().get(0).reference()).isTrue();
        ClockSkew second = twoHosts.skews().get(1);
        assertThat(second.sharedViews()).isEqualTo(3);
        assertThat(second.offset()).isBetween(Duration.ofMillis(-2_700), Duration.ofMillis(-2_300));
        assertThat(second.spread()).isLessThan(Duration.ofMillis(200));
    }

    @Test
    void onceAlignedEveryViewIsInstalledAtOnceOnBothHosts() {
        Map<String, List<Instant>> installs = twoHosts.events().stream().filter(e -> "view".equals(e.type()))
                .collect(Collectors.groupingBy(e -> e.text("view"), Collectors.mapping(Recorded::ts, Collectors.toList())));
        for (String view : List.of("C|2", "B|3", "B|4")) {
            List<Instant> times = installs.get(view);
            assertThat(Duration.between(times.stream().min(Instant::compareTo).orElseThrow(),
                    times.stream().max(Instant::compareTo).orElseThrow())).as(view).isLessThan(Duration.ofMillis(300));
        }
    }

    @Test
    void theIsolatedPeerLeadsItsOwnSideWhileTheOthersFollowB() {
        assertThat(twoHosts.splitBrain()).singleElement().satisfies(p -> assertThat(p.leaders()).containsExactly("B", "C"));
        // unaligned, the second host's split would start 2.5 s late and end after the merge A recorded
        Instant mergeOnA = twoHosts.events().stream().filter(e -> "merge".equals(e.type()) && "A".equals(e.peer()))
                .findFirst().orElseThrow().ts();
        assertThat(twoHosts.splitBrain().get(0).to()).isBetween(mergeOnA.minusMillis(300), mergeOnA.plusMillis(300));
    }

    @Test
    void aPeersOwnEventsKeepTheirOrderEvenWhenItsClockStepsBack() throws IOException {
        Path host1 = dir.resolve("host1.jsonl");
        Path host2 = dir.resolve("host2.jsonl");
        Files.writeString(host1, """
                {"ts":"2026-01-01T10:00:00.000Z","peer":"A","type":"view","view":"A|1","members":["A","B"],"coordinator":"A"}
                {"ts":"2026-01-01T10:00:05.000Z","peer":"A","type":"view","view":"A|2","members":["A","B"],"coordinator":"A"}
                """);
        // B's clock is 10 s ahead, and steps back 3 s between its two views (an NTP correction)
        Files.writeString(host2, """
                {"ts":"2026-01-01T10:00:10.010Z","peer":"B","type":"view","view":"A|1","members":["A","B"],"coordinator":"A"}
                {"ts":"2026-01-01T10:00:11.000Z","peer":"B","type":"suspect","member":"A"}
                {"ts":"2026-01-01T10:00:08.000Z","peer":"B","type":"view","view":"A|2","members":["A","B"],"coordinator":"A"}
                """);
        Timeline t = TimelineBuilder.of(RecordingReader.read(List.of(host1, host2)));

        assertThat(t.skews().get(1).offset()).isBetween(Duration.ofMillis(-10_020), Duration.ofMillis(-2_000));
        List<Recorded> b = t.events().stream().filter(e -> "B".equals(e.peer())).toList();
        assertThat(b).extracting(Recorded::line).containsExactly(1, 2, 3);
        for (int i = 1; i < b.size(); i++) {
            assertThat(b.get(i).ts()).isAfterOrEqualTo(b.get(i - 1).ts());
        }
    }

    @Test
    void aSourceThatSharesNoViewIsDrawnAsRecordedAndSaysSo() throws IOException {
        Path host1 = dir.resolve("a.jsonl");
        Path host2 = dir.resolve("b.jsonl");
        Files.writeString(host1, "{\"ts\":\"2026-01-01T10:00:00Z\",\"peer\":\"A\",\"type\":\"view\",\"view\":\"A|1\",\"members\":[\"A\"],\"coordinator\":\"A\"}\n");
        Files.writeString(host2, "{\"ts\":\"2026-01-01T10:00:01Z\",\"peer\":\"Z\",\"type\":\"view\",\"view\":\"Z|1\",\"members\":[\"Z\"],\"coordinator\":\"Z\"}\n");
        Timeline t = TimelineBuilder.of(RecordingReader.read(List.of(host1, host2)));
        assertThat(t.skews().get(1).aligned()).isFalse();
        assertThat(t.skews().get(1).offset()).isZero();
    }
}
