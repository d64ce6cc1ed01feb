package io.conclave.cli;

import io.conclave.bench.BenchFailure;
import io.conclave.election.ConclaveException;
import io.conclave.shell.ConfigFlags;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** {@code conclave}: the command-line entry point. Exit codes: 0 ok, 1 a command or script failed, 2 bad input. */
@Command(name = "conclave", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Leader election between peers on a LAN, on JGroups and jgroups-raft.",
        subcommands = {PeerCommand.class, LabCommand.class, StacksCommand.class, BenchCommand.class, KeygenCommand.class, CompletionCommand.class, RouterCommand.class,
                StatusCommand.class, LeaderCommand.class, MembersCommand.class, ViewCommand.class, RaftStatusCommand.class, WatchCommand.class,
                TimelineCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static final int BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
            description = "On an error, print the full stack trace as well as the one-line message.")
    boolean stacktrace;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        LogSetup.useConclaveConfiguration();
        if (System.getProperty("java.net.preferIPv4Stack") == null) {
            System.setProperty("java.net.preferIPv4Stack", "true");
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command line, every command printing to {@code stdout} and {@code stderr}, and returns the exit code. */
    public static int execute(PrintWriter stdout, PrintWriter stderr, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(stdout);
        cli.setErr(stderr);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, ignored) -> {
            CommandLine command = e.getCommandLine();
            String name = command.getCommandSpec().qualifiedName();
            PrintWriter err = command.getErr();
            err.println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
            err.flush();
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, command, parseResult) -> {
            PrintWriter err = command.getErr();
            boolean trace = parseResult.hasMatchedOption("--stacktrace")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--stacktrace"));
            if (e instanceof ConclaveException) {
                err.println("conclave: " + ConfigFlags.inFlags(e.getMessage()));
            } else if (e instanceof BenchFailure) {
                err.println("conclave: bench failed: " + e.getMessage());
            } else {
                err.println("conclave: internal error: " + e + (trace ? "" : " (run with --stacktrace for details)"));
            }
            if (trace) {
                e.printStackTrace(err);
            }
            err.flush();
            return e instanceof ConclaveException ? BAD_INPUT : 1;
        });
        return cli.execute(args);
    }
}
