package io.conclave.bench;

import io.conclave.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * bench soak through the real jar: the report's fields, GCs really forced, and no peer or CPU hog outliving
 * the bench, whether the soak ends or the bench is stopped. Figures are not asserted.
 */
class SoakIT {

    @TempDir
    Path dir;

    /** Every process the bench started, with its command line, noted while they run (they are gone afterwards). */
    private final Map<ProcessHandle, String> children = new ConcurrentHashMap<>();

    private Process bench;

    private Process bench(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("java", "-jar", PeerProcess.jar().toString(), "bench", "soak"));
        command.addAll(List.of(args));
        bench = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return bench;
    }

    /** A failed test must not leave a ten-minute soak and its hogs spinning on the box. */
    @AfterEach
    void stopWhatIsLeft() throws InterruptedException {
        if (bench != null && bench.isAlive()) {
            bench.destroy();
            bench.waitFor(60, TimeUnit.SECONDS);
        }
        children.keySet().forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Noted again on every poll while they run: a process caught between fork and exec still shows the
     * bench's command line. Once a process has ended it shows none, and the last one seen is kept.
     */
    private void noteChildren(Process bench) {
        bench.descendants().forEach(p -> p.info().commandLine().ifPresent(line -> children.put(p, line)));
    }

    private List<ProcessHandle> children(String commandLineFragment) {
        return children.entrySet().stream().filter(e -> e.getValue().contains(commandLineFragment)).map(Map.Entry::getKey).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportsEveryFigureForcesTheGcsAndLeavesNothingRunning() throws Exception {
        Process bench = bench("--duration", "5s", "--peers", "3", "--cpu-hogs", "1", "--gc-every", "2s", "--json");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50)).until(() -> {
            noteChildren(bench);
            return !bench.isAlive();
        });
        String out = Files.readString(dir.resolve("out"));
        assertThat(bench.exitValue()).as(out).isZero();

        Map<String, Object> report = Json.parseObject(out.strip());
        assertThat(report).containsEntry("bench", "soak").containsEntry("peers", 3L).containsEntry("cpu_hogs", 1L)
                .containsEntry("gc_every_ms", 2000L).containsEntry("gc_peer", "A")
                .containsKeys("suspicions", "view_changes", "leader_changes", "gcs_failed", "duration_s");
        assertThat((Long) report.get("gcs_forced")).isPositive();
        Map<String, Object> gaps = (Map<String, Object>) report.get("heard_gap_ms");
        assertThat(gaps).containsKeys("p50", "p99", "max");
        assertThat((Long) gaps.get("count")).as("followers heard the leader again at least once in 5 s").isPositive();
        List<Map<String, Object>> perPeer = (List<Map<String, Object>>) report.get("per_peer");
        assertThat(perPeer).extracting(p -> p.get("peer")).containsExactly("A", "B", "C");
        assertThat(perPeer).allSatisfy(p -> assertThat(p).containsKeys("suspicions", "view_changes", "leader_changes", "heard_gap_ms"));

        assertThat(children(CpuHog.class.getName())).hasSize(1);
        assertThat(children(" peer --name ")).hasSize(3);
        assertThat(children.keySet()).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void aBenchStoppedMidSoakTakesItsPeersAndHogsWithIt() throws Exception {
        Process bench = bench("--duration", "10m", "--peers", "2", "--cpu-hogs", "2");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50)).until(() -> {
            noteChildren(bench);
            return children(CpuHog.class.getName()).size() == 2;
        });
        assertThat(children(" peer --name ")).hasSize(2);

        bench.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
        await().atMost(Duration.ofMinutes(1)).until(() -> !bench.isAlive());
        assertThat(children.keySet()).noneMatch(ProcessHandle::isAlive);
    }
}
