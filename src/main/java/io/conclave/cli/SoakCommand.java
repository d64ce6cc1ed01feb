package io.conclave.cli;

import io.conclave.bench.SoakBench;
import io.conclave.shell.DurationConverter;
import io.conclave.stack.StackSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Optional;

/** {@code conclave bench soak}: the no-false-alarms run of issue 13 (docs/benchmarks.md, "Soak"). */
@Command(name = "soak", mixinStandardHelpOptions = true, description = {"Leave real peer processes alone for a while, optionally"
        + " beside CPU-bound processes and with a full GC forced in one peer every so often; count suspicions, view and"
        + " leader changes, and sample how long followers go without hearing from the leader."})
final class SoakCommand implements Runnable {

    @Option(names = "--stack", defaultValue = "udp", description = "Stack of the peers (default: ${DEFAULT-VALUE}).")
    String stack;

    @Option(names = "--peers", defaultValue = "5", description = "Peer processes (default: ${DEFAULT-VALUE}).")
    int peers;

    @Option(names = "--duration", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long the soak runs once the cluster has formed (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--cpu-hogs", defaultValue = "0", paramLabel = "N",
            description = "CPU-bound processes beside the peers, each a JVM spinning one core (default: ${DEFAULT-VALUE}).")
    int cpuHogs;

    @Option(names = "--gc-every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Force a full GC in the first peer this often, with jcmd PID GC.run (default: never).")
    Duration gcEvery;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        BenchCommand.requirePeerProcesses(peers, 2);
        StackSource.load(stack);
        SoakBench bench = new SoakBench(stack, peers, duration, cpuHogs, Optional.ofNullable(gcEvery));
        bench.run(spec.commandLine().getErr()).print(spec.commandLine().getOut(), json);
    }
}
