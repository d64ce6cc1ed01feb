package io.conclave.scenario;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every file under src/test/resources/scenarios (the format: its README.md), one dynamic test per file; the
 * folder a file is in names the rule family that runs it. A step whose output differs fails the file with
 * file:line, the input, the expected and the actual output (every such step, not only the first). With
 * {@code -Dscenarios.rewrite=true} the files are written back with the actual outputs instead, to be reviewed
 * with git diff.
 */
class ScenarioTest {

    static final Path ROOT = Path.of("src/test/resources/scenarios");

    private static final Map<String, Function<FakeClock, Driver>> FAMILIES = Map.of(
            "coordinator", CoordinatorDriver::new,
            "raft", RaftDriver::new,
            "lease", LeaseDriver::new,
            "merge", MergeDriver::new);

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(ROOT)) {
            files = walk.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        if (files.isEmpty()) {
            fail("no scenario files under " + ROOT.toAbsolutePath());
        }
        return files.stream().map(file -> DynamicTest.dynamicTest(ROOT.relativize(file).toString(), file.toUri(), () -> run(file)));
    }

    private static void run(Path file) throws Exception {
        String family = ROOT.relativize(file).getName(0).toString();
        Function<FakeClock, Driver> driverOf = FAMILIES.get(family);
        if (driverOf == null || ROOT.relativize(file).getNameCount() < 2) {
            fail(file + ": a scenario file goes in a folder named after its rule family: " + FAMILIES.keySet());
        }
        ScenarioFile scenario = ScenarioFile.read(file);
        FakeClock clock = new FakeClock();
        Map<Integer, List<String>> actual = new LinkedHashMap<>();
        List<String> mismatches = new ArrayList<>();
        try (Driver driver = driverOf.apply(clock)) {
            for (ScenarioFile.Step step : scenario.steps()) {
                String where = file + ":" + step.line() + ": " + step.input();
                List<String> output;
                try {
                    output = runStep(step, clock, driver);
                } catch (ScenarioException e) {
                    mismatches.add(where + "\n  cannot run: " + e.getMessage());
                    break; // the steps after it would run on a state the file did not mean
                } catch (AssertionError e) {
                    throw new AssertionError(where + ": " + e.getMessage() + reported(mismatches), e);
                }
                actual.put(step.line(), output);
                if (!output.equals(step.expected())) {
                    mismatches.add(where + "\n  expected:\n" + indent(step.expected()) + "  actual:\n" + indent(output));
                }
            }
        }
        boolean runnable = mismatches.stream().noneMatch(m -> m.contains("\n  cannot run: "));
        if (runnable && Boolean.getBoolean("scenarios.rewrite")) {
            Files.writeString(file, scenario.rewritten(actual));
        } else if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " step(s) failed (-Dscenarios.rewrite=true writes the actual outputs into the file):\n"
                    + String.join("\n", mismatches));
        }
    }

    /** Runs one step; {@code at} moves the clock for every family, the rest is the driver's. */
    private static List<String> runStep(ScenarioFile.Step step, FakeClock clock, Driver driver) {
        Command command = Command.parse(step.input());
        if (command.verb().equals("at")) {
            clock.advanceTo(Command.millis(command.word(0, "the time")));
            return List.of();
        }
        return driver.run(command);
    }

    private static String reported(List<String> mismatches) {
        return mismatches.isEmpty() ? "" : "\nand before it:\n" + String.join("\n", mismatches);
    }

    private static String indent(List<String> lines) {
        return lines.isEmpty() ? "    (nothing)\n" : lines.stream().map(l -> "    " + l + "\n").reduce("", String::concat);
    }
}
