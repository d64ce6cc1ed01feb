package io.conclave.support;

import io.conclave.cli.Main;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the command line in this JVM and captures what it prints, for the bad-input tests. */
public final class Cli {

    private Cli() {
    }

    public record Outcome(int code, String out, String err) {
    }

    /** Runs {@code conclave args} on writers of its own, so tests in parallel never see each other's output. */
    public static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    /** {@code conclave peer} with sane defaults (data under {@code dir}) for every option {@code overrides} does not set. */
    public static Outcome peer(Path dir, String... overrides) {
        List<String> args = new ArrayList<>(List.of("peer"));
        args.addAll(List.of(overrides));
        List<String> defaults = List.of("--name", "A", "--cluster", "bad-" + UUID.randomUUID(),
                "--bind-addr", "127.0.0.1", "--data-dir", dir.resolve("data").toString(), "-c", "status");
        for (int i = 0; i < defaults.size(); i += 2) {
            if (!args.contains(defaults.get(i))) {
                args.addAll(defaults.subList(i, i + 2));
            }
        }
        return run(args.toArray(String[]::new));
    }

    /** Exit code 2 and one line on stderr naming what was wrong, without a stack trace. */
    public static void assertOneClearLine(Outcome outcome, String... fragments) {
        assertThat(outcome.code()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err().strip().lines()).as(outcome.err()).hasSize(1);
        assertThat(outcome.err()).contains(fragments).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
