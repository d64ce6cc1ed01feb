package io.conclave.cli;

import io.conclave.lab.Lab;
import io.conclave.lab.LabOptions;
import io.conclave.lab.LabShell;
import io.conclave.lab.ViewsReport;
import io.conclave.peer.DataDirs;
import io.conclave.script.Script;
import io.conclave.script.ScriptInterpreter;
import io.conclave.shell.Console;
import io.conclave.shell.LineLoop;
import io.conclave.shell.Shell;
import io.conclave.shell.StreamConsole;
import io.conclave.shell.Style;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/** {@code conclave lab}: many peers in one process on loopback, and one shell to cut, crash and pause them. */
@Command(name = "lab", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Run N peers on this machine (loopback, no setup) and drive them from one shell:",
                "partition, isolate, heal, kill, stop, start, pause, and watch views, leaders, split brain and merges."})
final class LabCommand implements Callable<Integer> {

    @Option(names = "--peers", defaultValue = "5", paramLabel = "N", description = "How many peers (1-100), named A to Z, then A1 to Z1, A2, ... (default: ${DEFAULT-VALUE}).")
    int peers;

    @Option(names = "--stack", defaultValue = "udp", description = "Bundled stack name or stack file (default: ${DEFAULT-VALUE}; see 'conclave stacks').")
    String stack;

    @Option(names = "--members", converter = MemberList.class, description = "Raft stacks: the voting members (default: every lab peer).")
    List<String> members;

    @Option(names = "--script", paramLabel = "FILE", description = "Run the script in FILE, print 'N passed, M failed', exit 0 only if none failed.")
    Path script;

    @Option(names = "--record", paramLabel = "FILE", description = "Write every peer event and every fault to FILE as JSON Lines.")
    Path record;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the peers keep their data (default: a new directory under the system temp dir).")
    Path dataDir;

    @Option(names = "--log-file", paramLabel = "FILE", description = "Where JGroups and Conclave log (default: DATA-DIR/lab.log).")
    Path logFile;

    @Mixin
    ColorOption color;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        // the peers create it (and the log its file) once the options are known to be good
        Path dir = dataDir != null ? dataDir : Path.of(System.getProperty("java.io.tmpdir"),
                "conclave-lab-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16));
        LabOptions options = new LabOptions(peers, stack, members == null ? List.of() : members, dir, record);
        String scriptText = script == null ? null : ScriptFile.read(script);
        Path log = logFile != null ? logFile : dir.resolve("lab.log");
        DataDirs.prepare(dir, "--data-dir");
        // Before anything logs: JGroups picks up its logger when its first class loads.
        LogSetup.toFile(log, logFile == null ? "--data-dir" : "--log-file");
        boolean interactive = scriptText == null && System.console() != null;
        Style style = color.style(interactive);
        if (interactive) {
            try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                Shell shell = new Shell(terminal, dir.resolve("history"), style);
                return run(options, shell.console(), log, lab -> shell.run(interpreter(lab, shell.console())));
            }
        }
        Console console = new StreamConsole(spec.commandLine().getOut(), spec.commandLine().getErr(), style);
        return run(options, console, log, lab -> {
            ScriptInterpreter interpreter = interpreter(lab, console);
            return scriptText != null ? Script.run(new BufferedReader(new StringReader(scriptText)), interpreter, console)
                    : LineLoop.run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), interpreter);
        });
    }

    private static int run(LabOptions options, Console console, Path log, ToIntFunction<Lab> session) {
        console.out("lab: " + options.peers() + (options.peers() == 1 ? " peer" : " peers") + " on 127.0.0.1, stack " + options.stack() + "; logs in " + log);
        Lab lab = Lab.start(options, console);
        Thread leave = new Thread(lab::close, "conclave-lab-close");
        Runtime.getRuntime().addShutdownHook(leave);
        try {
            console.out("cluster " + lab.cluster() + " (" + lab.mode().label() + " mode): "
                    + ViewsReport.census(lab.rows()).headline() + "\ntype 'help' for the commands, 'views' for the state");
            Map<String, String> admin = lab.adminEndpoints();
            console.out("admin endpoints " + admin.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" ")) + "; ask them: conclave status --admin " + String.join(",", admin.values()));
            return session.applyAsInt(lab);
        } finally {
            Runtime.getRuntime().removeShutdownHook(leave);
            lab.close();
            LogSetup.shutdown();
        }
    }

    private static ScriptInterpreter interpreter(Lab lab, Console console) {
        return new ScriptInterpreter(new LabShell(lab, console), lab, console);
    }
}
