package io.conclave.cli;

import io.conclave.support.Cli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command and subcommand answers -h and --help with its usage and exit code 0. */
class HelpTest {

    @Test
    void everyCommandInTheTreeHasHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new Main()), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(10);
        for (List<String> path : paths) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                Cli.Outcome outcome = Cli.run(args.toArray(String[]::new));
                assertThat(outcome.code()).as("conclave %s: %s", String.join(" ", args), outcome.err()).isZero();
                assertThat(outcome.out()).as("conclave %s", String.join(" ", args)).contains("Usage:");
            }
        }
    }

    @Test
    void completionPrintsAScriptForBashAndZsh() {
        for (String shell : List.of("bash", "zsh")) {
            Cli.Outcome outcome = Cli.run("completion", shell);
            assertThat(outcome.code()).isZero();
            assertThat(outcome.out()).contains("complete -F").contains("bench").contains("failover").contains("--stack");
        }
        Cli.assertOneClearLine(Cli.run("completion", "fish"), "completion", "fish");
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            List<String> next = new ArrayList<>(path);
            next.add(name);
            collect(sub, next, paths);
        });
    }
}
