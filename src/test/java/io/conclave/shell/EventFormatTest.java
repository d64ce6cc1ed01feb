package io.conclave.shell;

import io.conclave.election.ElectionEvent;
import io.conclave.election.Mode;
import io.conclave.election.ViewInfo;
import io.conclave.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON event schema documented in the README. */
class EventFormatTest {

    private static final Instant TS = Instant.parse("2026-11-28T08:00:00.123Z");

    @Test
    void viewEvent() {
        String line = EventFormat.json(new ElectionEvent.ViewChanged(TS, "A", new ViewInfo("A", 3, List.of("A", "B", "C"))));
        assertThat(line).isEqualTo("{\"ts\":\"2026-11-28T08:00:00.123Z\",\"peer\":\"A\",\"type\":\"view\",\"view\":\"A|3\","
                + "\"members\":[\"A\",\"B\",\"C\"],\"coordinator\":\"A\"}");
    }

    @Test
    void mergeEventListsSubgroupsWithTheirLeaders() {
        ElectionEvent.Merged merged = new ElectionEvent.Merged(TS, "A", new ViewInfo("A", 6, List.of("A", "B", "C")),
                List.of(new ElectionEvent.Subgroup(new ViewInfo("A", 5, List.of("A", "B")), "A"),
                        new ElectionEvent.Subgroup(new ViewInfo("C", 5, List.of("C")), "C")),
                "A", "A", 5, 6);
        Map<String, Object> json = Json.parseObject(EventFormat.json(merged));
        assertThat(json).containsEntry("type", "merge").containsEntry("view", "A|6").containsEntry("leader_after", "A");
        assertThat(json.get("subgroups")).isEqualTo(List.of(
                Map.of("view", "A|5", "members", List.of("A", "B"), "leader", "A"),
                Map.of("view", "C|5", "members", List.of("C"), "leader", "C")));
        assertThat(EventFormat.describe(merged, Style.PLAIN))
                .isEqualTo("merge into A|6: A,B [A|5, leader A] + C [C|5, leader C]; leader unchanged: A, epoch 5 -> 6");
    }

    @Test
    void leaderEventsWithAndWithoutALeader() {
        assertThat(Json.parseObject(EventFormat.json(new ElectionEvent.LeaderChanged(TS, "A", Mode.COORDINATOR, "A", "B", 7, null))))
                .containsEntry("type", "leader").containsEntry("mode", "coordinator").containsEntry("leader", "B")
                .containsEntry("epoch", 7L).doesNotContainKey("reason");
        assertThat(Json.parseObject(EventFormat.json(new ElectionEvent.LeaderChanged(TS, "C", Mode.COORDINATOR, "A", null, 8,
                "no quorum: 1 of 3 (2 needed)"))))
                .containsEntry("leader", null).containsEntry("reason", "no quorum: 1 of 3 (2 needed)");
    }

    @Test
    void aNoticeInConfigTermsPrintsWithTheFlagForTheCliUser() {
        ElectionEvent.Notice notice = new ElectionEvent.Notice(TS, "A", ElectionEvent.Notice.Kind.FAULTS,
                "B does not allow fault injection: start it with PeerConfig.allowFaults=true");
        assertThat(EventFormat.describe(notice, Style.PLAIN)).endsWith("B does not allow fault injection: start it with --allow-faults");
    }

    /** The README's example lines, byte for byte, are what the peer writes for the same events. */
    @Test
    void readmeExamplesAreByteForByteWhatIsWritten() throws IOException {
        ViewInfo abc6 = new ViewInfo("A", 6, List.of("A", "B", "C"));
        List<ElectionEvent> events = List.of(
                new ElectionEvent.ViewChanged(TS, "A", new ViewInfo("A", 3, List.of("A", "B", "C"))),
                new ElectionEvent.Merged(TS, "A", abc6,
                        List.of(new ElectionEvent.Subgroup(new ViewInfo("A", 5, List.of("A", "B")), "A"),
                                new ElectionEvent.Subgroup(new ViewInfo("C", 5, List.of("C")), "C")), "A", "A", 5, 6),
                new ElectionEvent.LeaderChanged(TS, "A", Mode.COORDINATOR, "A", "B", 7, null),
                new ElectionEvent.LeaderChanged(TS, "C", Mode.COORDINATOR, "A", null, 8, "no quorum: 1 of 3 (2 needed)"),
                new ElectionEvent.LeadershipGained(TS, "B", 7),
                new ElectionEvent.LeadershipLost(TS, "A", 9, "B"),
                new ElectionEvent.MemberSuspected(TS, "A", "C"));
        List<String> documented = Files.readAllLines(Path.of("README.md")).stream()
                .filter(line -> line.startsWith("{\"ts\":"))
                .map(line -> line.replace("\"ts\":\"...\"", "\"ts\":\"" + TS + "\""))
                .toList();
        assertThat(events.stream().map(EventFormat::json).toList()).isEqualTo(documented);
    }
}
