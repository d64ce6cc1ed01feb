package io.conclave.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One scenario file, parsed (the format is described in src/test/resources/scenarios/README.md): a sequence of
 * steps, each an input line optionally followed by {@code ----} and the output it must produce, up to the next
 * blank line. Comments ({@code #}) and blank lines between steps are kept as they are, so that the rewrite mode
 * changes nothing but the expected outputs.
 */
final class ScenarioFile {

    static final String SEPARATOR = "----";

    /** A step: its input line, where it stands in the file (1-based), and the output expected of it. */
    record Step(int line, String input, List<String> expected) {
    }

    /** A line of the file that is not part of a step (a comment or a blank line), or a step. */
    private sealed interface Part {
    }

    private record Verbatim(String text) implements Part {
    }

    private record StepPart(Step step) implements Part {
    }

    private final List<Part> parts;

    private ScenarioFile(List<Part> parts) {
        this.parts = parts;
    }

    static ScenarioFile read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String text = lines.get(i);
            if (text.isBlank() || text.startsWith("#")) {
                parts.add(new Verbatim(text));
                i++;
                continue;
            }
            if (text.equals(SEPARATOR)) {
                throw new IllegalArgumentException(path + ":" + (i + 1) + ": " + SEPARATOR + " without an input line above it");
            }
            int inputLine = i + 1;
            List<String> expected = new ArrayList<>();
            i++;
            if (i < lines.size() && lines.get(i).equals(SEPARATOR)) {
                i++;
                while (i < lines.size() && !lines.get(i).isBlank()) {
                    if (lines.get(i).equals(SEPARATOR)) {
                        throw new IllegalArgumentException(path + ":" + (i + 1) + ": a second " + SEPARATOR
                                + " in the output of line " + inputLine + ": end each output with a blank line");
                    }
                    expected.add(lines.get(i).stripTrailing());
                    i++;
                }
            }
            parts.add(new StepPart(new Step(inputLine, text.strip(), List.copyOf(expected))));
        }
        return new ScenarioFile(List.copyOf(parts));
    }

    List<Step> steps() {
        return parts.stream().filter(StepPart.class::isInstance).map(p -> ((StepPart) p).step()).toList();
    }

    /**
     * The file's text with each step's expected output replaced by {@code actual} (keyed by the step's line);
     * a step without output is written as its input line alone.
     */
    String rewritten(Map<Integer, List<String>> actual) {
        StringBuilder out = new StringBuilder();
        for (int p = 0; p < parts.size(); p++) {
            Part part = parts.get(p);
            if (part instanceof Verbatim verbatim) {
                out.append(verbatim.text()).append('\n');
                continue;
            }
            Step step = ((StepPart) part).step();
            out.append(step.input()).append('\n');
            List<String> output = actual.getOrDefault(step.line(), step.expected());
            if (!output.isEmpty()) {
                out.append(SEPARATOR).append('\n');
                output.forEach(line -> out.append(line).append('\n'));
                boolean blankFollows = p + 1 < parts.size() && parts.get(p + 1) instanceof Verbatim next && next.text().isBlank();
                if (!blankFollows && p + 1 < parts.size()) {
                    out.append('\n'); // an output block ends at a blank line, or the next input would join it
                }
            }
        }
        return out.toString();
    }
}
