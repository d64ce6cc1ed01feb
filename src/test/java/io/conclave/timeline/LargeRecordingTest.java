package io.conclave.timeline;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 26 peers over 30 minutes (a synthetic recording, see {@link SyntheticRecording}): the model stays right and
 * the page is written; size and time are printed (TimelineIT loads it in a browser). Leaves
 * target/timeline-26x30min.html behind for a person to open.
 */
class LargeRecordingTest {

    static final Path PAGE = Path.of("target", "timeline-26x30min.html");

    /** Writes the synthetic recording and its page; returns the timeline. */
    static Timeline writePage() throws IOException {
        Path record = Path.of("target", "timeline-26x30min.jsonl");
        Files.createDirectories(record.getParent());
        Files.write(record, SyntheticRecording.lines(26, Duration.ofMinutes(30)), StandardCharsets.UTF_8);
        long started = System.nanoTime();
        Timeline timeline = TimelinePage.write(RecordingReader.read(List.of(record)), PAGE, "-o");
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("timeline 26 peers x 30 min: %d events, %d faults, %d merges -> %s, %.1f MB, read+model+render %d ms%n",
                timeline.events().size(), timeline.faults().size(), timeline.merges().size(), PAGE,
                Files.size(PAGE) / 1e6, millis);
        return timeline;
    }

    @Test
    void twentySixPeersOverHalfAnHourGiveTwentySixLanesAndEverySplitBrain() throws IOException {
        Timeline t = writePage();
        assertThat(t.lanes()).hasSize(26);
        assertThat(t.length()).isBetween(Duration.ofMinutes(28), Duration.ofMinutes(31));
        long partitions = t.faults().stream().filter(f -> f.action().equals("partition")).count();
        assertThat(partitions).isGreaterThanOrEqualTo(28);
        // every cycle: the partition's split brain and the paused leader's
        assertThat(t.splitBrain()).hasSize((int) partitions * 2);
        assertThat(t.merges()).hasSize((int) partitions * 2);
        assertThat(t.lane("Z").orElseThrow().downs()).extracting(Lane.DownSpan::state).contains(PeerState.KILLED);
    }
}
