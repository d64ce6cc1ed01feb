package io.conclave.shell;

import io.conclave.fault.Cut;
import io.conclave.fault.FaultInjector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * partition, isolate, heal and faults: the same commands in a peer's shell (they cut a real cluster of
 * processes) and in the lab. Peers learn of a cut as of a pulled cable: through failure detection.
 */
public final class FaultCommands {

    private FaultCommands() {
    }

    /** The four commands, acting on {@code faults} and printing to {@code console}; see {@link PeerShell#extend}. */
    public static Object[] of(FaultInjector faults, Console console) {
        return new Object[]{new Partition(faults, console), new Isolate(faults, console), new Heal(faults, console),
                new Faults(faults, console)};
    }

    /** What every fault command acts on and prints to. */
    private abstract static class FaultCommand implements Runnable {
        final FaultInjector faults;
        final Console console;

        FaultCommand(FaultInjector faults, Console console) {
            this.faults = faults;
            this.console = console;
        }
    }

    @Command(name = "partition", description = {"Cut the cluster into sides: A,B / C,D,E. Peers on different sides stop hearing each other.",
            "Sides may overlap (A,B,C / C,D,E: C is a bridge); * stands for every peer not named."})
    static final class Partition extends FaultCommand {

        @Parameters(arity = "1..*", paramLabel = "SIDES", description = "names separated by ',', sides by '/'")
        List<String> words;

        Partition(FaultInjector faults, Console console) {
            super(faults, console);
        }

        @Override
        public void run() {
            Cut cut = faults.partition(Cut.parseSides(String.join(" ", words)));
            String bridges = cut.bridges().isEmpty() ? "" : "; " + String.join(",", cut.bridges()) + " bridges the sides";
            console.out("cut " + cut.describe() + " (generation " + cut.generation() + ")" + bridges
                    + "; failure detection will notice within its timeout");
        }
    }

    @Command(name = "isolate", description = "Cut one peer off from all the others.")
    static final class Isolate extends FaultCommand {

        @Parameters(paramLabel = "PEER", description = "the peer to cut off")
        String name;

        @Option(names = "--reset", description = "Also reset the peer's TCP connections, as a firewall's reject would:"
                + " the others notice in ~0.1 s (FD_SOCK2) instead of the failure-detection timeout. In a peer's"
                + " shell only for the peer itself.")
        boolean reset;

        Isolate(FaultInjector faults, Console console) {
            super(faults, console);
        }

        @Override
        public void run() {
            Cut cut = faults.isolate(name);
            if (reset) {
                faults.resetConnections(name);
            }
            console.out("cut " + cut.describe() + " (generation " + cut.generation() + "): " + name + " hears no one"
                    + (reset ? "; its connections were reset" : ""));
        }
    }

    @Command(name = "heal", description = "Remove the cut: every peer hears every other again, and the sides merge.")
    static final class Heal extends FaultCommand {

        Heal(FaultInjector faults, Console console) {
            super(faults, console);
        }

        @Override
        public void run() {
            Cut cut = faults.heal();
            console.out("healed (generation " + cut.generation() + "); the sides merge within a few seconds");
        }
    }

    @Command(name = "faults", description = "What is currently cut.")
    static final class Faults extends FaultCommand {

        Faults(FaultInjector faults, Console console) {
            super(faults, console);
        }

        @Override
        public void run() {
            console.out(ConfigFlags.inFlags(faults.describeFaults()));
        }
    }
}
