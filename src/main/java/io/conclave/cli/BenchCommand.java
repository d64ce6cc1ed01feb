package io.conclave.cli;

import io.conclave.bench.BenchRun;
import io.conclave.bench.Benches;
import io.conclave.bench.Fault;
import io.conclave.bench.TrialRunner;
import io.conclave.bench.WritesBench;
import io.conclave.json.Json;
import io.conclave.lab.InProcessLoad;
import io.conclave.stack.StackSource;
import io.conclave.shell.DurationConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code conclave bench}: failover, merge and election figures, one stack or two side by side. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure failover, merge and election times, writes, false alarms in a soak, and idle cost per peer, on loopback.",
        subcommands = {BenchCommand.Failover.class, BenchCommand.Merge.class, BenchCommand.Election.class,
                BenchCommand.Writes.class, SoakCommand.class, IdleCommand.class})
final class BenchCommand {

    /** Where in-process peers of a bench log, unless --log-file says otherwise. */
    static final Path DEFAULT_LOG = Path.of(System.getProperty("java.io.tmpdir"), "conclave-bench.log");

    static final int MAX_TRIALS = 1000;
    static final int MAX_CLIENTS = 1024;

    /** Options every bench takes. */
    static final class Common {
        @Option(names = "--stack", defaultValue = "udp", description = "Stack to measure (default: ${DEFAULT-VALUE}).")
        String stack;

        @Option(names = "--vs", paramLabel = "STACK", description = "A second stack, run trial by trial alternating with --stack.")
        String vs;

        @Option(names = "--trials", defaultValue = "10", description = "Trials per stack (default: ${DEFAULT-VALUE}).")
        int trials;

        @Option(names = "--json", description = "Print one JSON object instead of a table.")
        boolean json;

        @Option(names = "--log-file", description = "Log of in-process peers (default: a file in the temp directory).")
        Path logFile;

        @Option(names = "--record", paramLabel = "DIR", description = "Write each trial's events and faults to DIR/BENCH-STACK-NN.jsonl (for 'conclave timeline').")
        Path record;

        /** The bench command this is mixed into: its writers are where the figures and the progress go. */
        @Spec(Spec.Target.MIXEE)
        CommandSpec command;

        PrintWriter out() {
            return command.commandLine().getOut();
        }

        PrintWriter err() {
            return command.commandLine().getErr();
        }

        java.util.Optional<io.conclave.bench.TrialRecords> records(String bench) {
            return io.conclave.bench.TrialRecords.into(record, bench);
        }

        List<String> stacks() {
            if (trials < 1 || trials > MAX_TRIALS) {
                throw new io.conclave.election.ConclaveException("--trials must be between 1 and " + MAX_TRIALS + ", but was " + trials);
            }
            io.conclave.stack.StackSource.load(stack);
            List<String> stacks = new ArrayList<>(List.of(stack));
            if (vs != null) {
                io.conclave.stack.StackSource.load(vs);
                stacks.add(vs);
            }
            return stacks;
        }

        void logToFile() {
            LogSetup.toFile(logFile == null ? DEFAULT_LOG : logFile, "--log-file");
        }

        void run(String bench, TrialRunner runner) {
            logToFile();
            List<BenchRun.Result> results = BenchRun.run(runner, stacks(), trials, err(), records(bench));
            if (json) {
                out().println(Json.write(BenchRun.json(bench, runner, results)));
            } else {
                BenchRun.printTable(runner, results, out());
            }
        }
    }

    @Command(name = "failover", mixinStandardHelpOptions = true, description = "Fault on the leader of real peer processes; time to a new leader agreed by all survivors.")
    static final class Failover implements Runnable {
        @Mixin
        Common common;

        @Option(names = "--peers", defaultValue = "3", description = "Peers per cluster (default: ${DEFAULT-VALUE}).")
        int peers;

        @Option(names = "--fault", defaultValue = "kill", converter = FaultConverter.class,
                description = "kill, pause, leave, partition or partition-reset (default: ${DEFAULT-VALUE}).")
        Fault fault;

        @Option(names = "--hold", defaultValue = "5s", converter = DurationConverter.class,
                description = "pause: how long the leader stays stopped (default: ${DEFAULT-VALUE}).")
        Duration hold;

        @Option(names = "--settle", defaultValue = "0s", converter = DurationConverter.class,
                description = "How long each fresh cluster runs after it agreed before the fault, so that its start-up "
                        + "work (class loading, JIT compilation) is over, as in a cluster that has been up a while "
                        + "(default: ${DEFAULT-VALUE}).")
        Duration settle;

        @Mixin
        WritesDuringFault writes;

        @Override
        public void run() {
            requirePeerProcesses(peers, 2);
            if (!writes.enabled) {
                common.run("failover", Benches.failover(peers, fault, hold, settle));
                return;
            }
            writes.check(fault, common.stacks());
            TrialRunner runner = Benches.failover(peers, fault, hold, settle, writes.writers);
            common.run("failover", runner);
            Benches.printWrites(runner, common.out(), common.json);
        }
    }

    /** {@code bench failover --writes [--writers N]}. */
    static final class WritesDuringFault {
        @Option(names = "--writes", description = "Raft stacks: writers on a surviving peer keep writing during the fault;"
                + " reports write_gap_ms per trial, writes_acked, writes_lost, writes_duplicated.")
        boolean enabled;

        @Option(names = "--writers", defaultValue = "1", description = "With --writes: concurrent writers (default: ${DEFAULT-VALUE}).")
        int writers;

        void check(Fault fault, List<String> stacks) {
            if (writers < 1) {
                throw new io.conclave.election.ConclaveException("--writers must be at least 1, but was " + writers);
            }
            if (fault == Fault.pause) {
                throw new io.conclave.election.ConclaveException("--writes works with --fault kill, leave, partition or partition-reset, not pause");
            }
            for (String stack : stacks) {
                if (io.conclave.stack.StackSource.load(stack).mode() != io.conclave.election.Mode.RAFT) {
                    throw new io.conclave.election.ConclaveException("--writes needs a raft stack (the replicated store), but "
                            + stack + " is not one (try raft-udp)");
                }
            }
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true, description = "Partition real peer processes into a majority and a minority, heal, time to one view and one agreed leader.")
    static final class Merge implements Runnable {
        @Mixin
        Common common;

        @Option(names = "--peers", defaultValue = "5", description = "Peers per cluster (default: ${DEFAULT-VALUE}).")
        int peers;

        @Override
        public void run() {
            requirePeerProcesses(peers, 2);
            common.run("merge", Benches.merge(peers));
        }
    }

    @Command(name = "election", mixinStandardHelpOptions = true, description = "Cold start of N peers in this process; time to one agreed leader, for each size.")
    static final class Election implements Runnable {
        @Mixin
        Common common;

        @Option(names = "--peers", defaultValue = "3,5,9", split = ",", description = "Cluster sizes (default: ${DEFAULT-VALUE}).")
        List<Integer> sizes;

        @Override
        public void run() {
            sizes.forEach(n -> requireInProcessPeers(n, 1));
            common.stacks().forEach(stack -> warnIfCrowded(stack, sizes, common.err()));
            if (!common.json) {
                sizes.forEach(n -> common.run("election-" + n, Benches.election(n)));
                return;
            }
            common.logToFile();
            List<Map<String, Object>> runs = new ArrayList<>();
            for (int n : sizes) {
                TrialRunner runner = Benches.election(n);
                Map<String, Object> run = new LinkedHashMap<>(BenchRun.json("election", runner,
                        BenchRun.run(runner, common.stacks(), common.trials, common.err(), common.records("election-" + n))));
                run.put("peers", n);
                runs.add(run);
            }
            common.out().println(Json.write(Map.of("bench", "election", "sizes", runs)));
        }
    }

    @Command(name = "writes", mixinStandardHelpOptions = true, description = "Raft store throughput and latency: concurrent writers via the leader and via a follower, fsync on and off; then linearizable readers on the leader with and without lease reads, and via a follower.")
    static final class Writes implements Runnable {
        @Option(names = "--stack", defaultValue = "raft-udp", description = "A raft stack (default: ${DEFAULT-VALUE}).")
        String stack;

        @Option(names = "--peers", defaultValue = "3", description = "Peers, all voting (default: ${DEFAULT-VALUE}).")
        int peers;

        @Option(names = "--clients", defaultValue = "16", description = "Concurrent writers, then readers (default: ${DEFAULT-VALUE}).")
        int clients;

        @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
                description = "How long each of the seven configurations runs (default: ${DEFAULT-VALUE}).")
        Duration duration;

        @Option(names = "--json", description = "Print one JSON object instead of a table.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            requireInProcessPeers(peers, 1);
            if (io.conclave.stack.StackSource.load(stack).mode() != io.conclave.election.Mode.RAFT) {
                throw new io.conclave.election.ConclaveException("--stack " + stack + " is not a raft stack; writes need the replicated store (try raft-udp)");
            }
            if (clients < 1 || clients > MAX_CLIENTS) {
                throw new io.conclave.election.ConclaveException("--clients must be between 1 and " + MAX_CLIENTS + ", but was " + clients);
            }
            if (duration.toMillis() < 1000) {
                throw new io.conclave.election.ConclaveException("--duration must be at least 1s, but was " + duration.toMillis() + "ms");
            }
            LogSetup.toFile(DEFAULT_LOG, "java.io.tmpdir");
            WritesBench bench = new WritesBench(stack, peers, clients, duration);
            bench.print(bench.run(spec.commandLine().getErr()), json, spec.commandLine().getOut());
        }
    }

    /** Says on stderr, before anything starts, when the largest of {@code sizes} will not fit on this machine's cores. */
    static void warnIfCrowded(String stack, List<Integer> sizes, PrintWriter err) {
        sizes.stream().max(Integer::compare).flatMap(peers -> InProcessLoad.warningFor(StackSource.load(stack), peers))
                .ifPresent(warning -> {
                    err.println("conclave: " + warning);
                    err.flush();
                });
    }

    /** Failover, merge and soak: every peer a process of its own. */
    static void requirePeerProcesses(int peers, int minimum) {
        requirePeers(peers, minimum, Benches.MAX_PEER_PROCESSES, "each peer a process of its own");
    }

    /** Election and writes: every peer in this process. */
    static void requireInProcessPeers(int peers, int minimum) {
        requirePeers(peers, minimum, Benches.MAX_IN_PROCESS_PEERS, "all peers in this process");
    }

    private static void requirePeers(int peers, int minimum, int maximum, String where) {
        if (peers < minimum || peers > maximum) {
            throw new io.conclave.election.ConclaveException("--peers must be between " + minimum + " and " + maximum
                    + " (" + where + "), but was " + peers);
        }
    }

    /** "partition-reset" on the command line for {@link Fault#partition_reset}. */
    static final class FaultConverter implements picocli.CommandLine.ITypeConverter<Fault> {
        @Override
        public Fault convert(String value) {
            try {
                return Fault.of(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
