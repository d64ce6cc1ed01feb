package io.conclave.bench;

import io.conclave.json.Json;
import io.conclave.timeline.Lane;
import io.conclave.timeline.PeerState;
import io.conclave.timeline.RecordingReader;
import io.conclave.timeline.Timeline;
import io.conclave.timeline.TimelineBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench through the real jar: one trial each, the JSON fields tools rely on. Figures are not asserted. */
class BenchIT {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bench(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("java", "-jar", PeerProcess.jar().toString(), "bench"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return Json.parseObject(out.strip());
    }

    @Test
    @SuppressWarnings("unchecked")
    void failoverAfterKillAlternatingTwoStacks() throws Exception {
        Map<String, Object> json = bench("failover", "--stack", "udp", "--vs", "quorum-udp", "--trials", "1", "--json");
        assertThat(json).containsEntry("bench", "failover").containsKey("ratio_p50");
        List<Map<String, Object>> results = (List<Map<String, Object>>) json.get("results");
        assertThat(results).extracting(r -> r.get("stack")).containsExactly("udp", "quorum-udp");
        assertThat(results).allSatisfy(r -> {
            assertThat(r).containsEntry("trials", 1L).containsKeys("p50_ms", "p90_ms", "max_ms");
            assertThat((Double) r.get("p50_ms")).isPositive();
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void pausedLeaderIsReportedWithWhatItBelievedOnResume(@TempDir Path records) throws Exception {
        Map<String, Object> json = bench("failover", "--fault", "pause", "--hold", "4s", "--trials", "1", "--json",
                "--record", records.toString());
        Map<String, Object> result = ((List<Map<String, Object>>) json.get("results")).get(0);
        // In coordinator mode nothing fences the old leader: it resumes believing it still leads.
        assertThat(result).containsEntry("trials", 1L).containsEntry("resumed_as_leader", 1L);
        assertThat((Double) result.get("overlap_p50_ms")).isPositive();

        // --record: the trial's events and the pause, which the timeline draws as a paused leader and two leaders
        Path trial = records.resolve("failover-udp-01.jsonl");
        assertThat(records).isDirectoryContaining(p -> p.equals(trial));
        Timeline timeline = TimelineBuilder.of(RecordingReader.read(List.of(trial)));
        assertThat(timeline.stack()).isEqualTo("udp");
        assertThat(timeline.lanes()).hasSize(3);
        assertThat(timeline.faults()).extracting(f -> f.action()).containsExactly("pause", "resume");
        String paused = timeline.faults().get(0).peers().get(0);
        assertThat(timeline.lane(paused).orElseThrow().downs()).extracting(Lane.DownSpan::state).containsExactly(PeerState.PAUSED);
        assertThat(timeline.overlaps()).isNotEmpty().allSatisfy(p -> assertThat(p.leaders()).contains(paused));
        assertThat(Files.readAllLines(trial).get(0)).contains("\"type\":\"recording\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void idlePrintsTrafficCpuAndHeapPerPeerForEachSizeAndTheirGrowth() throws Exception {
        Map<String, Object> json = bench("idle", "--peers", "3,2", "--duration", "2s", "--json");
        assertThat(json).containsEntry("bench", "idle").containsEntry("stack", "udp");
        List<Map<String, Object>> sizes = (List<Map<String, Object>>) json.get("sizes");
        assertThat(sizes).extracting(s -> s.get("peers")).containsExactly(2L, 3L);
        // an idle udp peer still heartbeats (FD_ALL3 every 150 ms) and hears the others' heartbeats
        assertThat(sizes).allSatisfy(s -> {
            assertThat((Double) s.get("sent_msgs_per_s")).isGreaterThan(1.0);
            assertThat((Double) s.get("received_msgs_per_s")).isGreaterThan(1.0);
            assertThat((Double) s.get("sent_bytes_per_s")).isPositive();
            assertThat(s).containsKeys("received_bytes_per_s", "heap_kib");
            // the peers' own threads run while the window lasts: heartbeats cost CPU, however little
            assertThat((Double) s.get("cpu_ms_per_s")).isPositive();
        });
        assertThat((Map<String, Object>) json.get("growth_exponent_per_peer"))
                .containsKeys("sent_msgs_per_s", "received_msgs_per_s", "heap_kib");
    }
}
