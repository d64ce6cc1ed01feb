package io.conclave.cli;

import io.conclave.bench.IdleBench;
import io.conclave.shell.DurationConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.List;

/** {@code conclave bench idle}: idle traffic and heap per peer against cluster size (docs/benchmarks.md, "Scale"). */
@Command(name = "idle", mixinStandardHelpOptions = true, description = {"Start idle clusters of each size in this process"
        + " and measure, per peer, the messages and bytes sent and received per second and the heap held; name how each"
        + " grows with the size."})
final class IdleCommand implements Runnable {

    @Option(names = "--stack", defaultValue = "udp", description = "Stack of the peers (default: ${DEFAULT-VALUE}).")
    String stack;

    @Option(names = "--peers", defaultValue = "3,9,25", split = ",", description = "Cluster sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long each idle cluster is measured (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        sizes.forEach(size -> BenchCommand.requireInProcessPeers(size, 2));
        BenchCommand.warnIfCrowded(stack, sizes, spec.commandLine().getErr());
        IdleBench bench = new IdleBench(stack, sizes, duration);
        LogSetup.toFile(BenchCommand.DEFAULT_LOG, "java.io.tmpdir");
        bench.run(spec.commandLine().getErr()).print(spec.commandLine().getOut(), json);
    }
}
