package io.conclave.lab;

import io.conclave.bench.PeerProcess;
import io.conclave.stack.StackSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every demo script through the real jar, run the way its "# Run:" line tells the reader to: it must pass.
 * And a script that fails must say so and exit non-zero.
 */
class DemoScriptsIT {

    private static final String RUN = "# Run: ./conclave ";

    @TempDir
    Path dir;

    private record Outcome(int exit, String out) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private Outcome lab(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.net.preferIPv4Stack=true", "-jar", PeerProcess.jar().toString()));
        command.addAll(args);
        command.addAll(List.of("--data-dir", Files.createTempDirectory(dir, "lab").toString(), "--no-color"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(out).isTrue();
        return new Outcome(process.exitValue(), out);
    }

    /**
     * The demos run two at a time (each lab picks its own cluster name and ports; most of a demo's time is waiting
     * for failure detection, not CPU), and each one's test waits for its own run.
     */
    @TestFactory
    Stream<DynamicTest> everyDemoPasses() throws IOException {
        List<Path> demos;
        try (Stream<Path> files = Files.list(Path.of("demo"))) {
            demos = files.filter(p -> p.toString().endsWith(".lab")).sorted().toList();
        }
        ExecutorService runners = Executors.newFixedThreadPool(2);
        Map<Path, Future<Outcome>> runs = new LinkedHashMap<>();
        for (Path demo : demos) {
            List<String> args = runArguments(demo);
            int stack = args.indexOf("--stack");
            if (stack < 0 || StackSource.BUNDLED.contains(args.get(stack + 1))) {
                runs.put(demo, runners.submit(() -> lab(args)));
            }
        }
        runners.shutdown();
        return demos.stream().map(demo -> DynamicTest.dynamicTest(demo.getFileName().toString(), () -> {
            Assumptions.assumeTrue(runs.containsKey(demo), () -> demo + " needs a stack this build does not bundle");
            Outcome outcome = runs.get(demo).get(5, TimeUnit.MINUTES);
            assertThat(outcome.exit()).as(outcome.out()).isZero();
            assertThat(outcome.lastLine()).as(outcome.out()).matches("[1-9]\\d* passed, 0 failed");
        }));
    }

    /** The arguments after "./conclave" on the demo's "# Run:" line. */
    private static List<String> runArguments(Path demo) throws IOException {
        String run = Files.readAllLines(demo).stream().filter(l -> l.startsWith(RUN)).findFirst()
                .orElseThrow(() -> new AssertionError(demo + " has no '" + RUN + "...' line"));
        return Arrays.asList(run.substring(RUN.length()).strip().split("\\s+"));
    }

    @Test
    void aScriptWithAFailingExpectationExitsNonZeroAndSaysWhatItSaw() throws Exception {
        Path script = dir.resolve("failing.lab");
        Files.writeString(script, "await leader 20s\nexpect leader C   # A leads a fresh lab\n");

        Outcome outcome = lab(List.of("lab", "--peers", "3", "--script", script.toString()));

        assertThat(outcome.exit()).as(outcome.out()).isEqualTo(1);
        assertThat(outcome.out()).contains(
                "FAIL  line 2: expect leader C: expected all live peers to agree on leader C; saw leader A, agreed by all 3 live peers");
        assertThat(outcome.lastLine()).isEqualTo("1 passed, 1 failed");
    }
}
