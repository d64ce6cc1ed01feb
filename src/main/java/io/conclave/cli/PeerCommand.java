package io.conclave.cli;

import io.conclave.Conclave;
import io.conclave.election.ConclaveException;
import io.conclave.election.Mode;
import io.conclave.election.Peer;
import io.conclave.election.PeerConfig;
import io.conclave.election.PeerNames;
import io.conclave.fault.FAULTS;
import io.conclave.peer.DataDirs;
import io.conclave.script.PeerTarget;
import io.conclave.script.Script;
import io.conclave.script.ScriptInterpreter;
import io.conclave.security.ClusterSecret;
import io.conclave.shell.Console;
import io.conclave.shell.EventFormat;
import io.conclave.shell.EventPrinter;
import io.conclave.shell.Format;
import io.conclave.shell.LineLoop;
import io.conclave.shell.PeerShell;
import io.conclave.shell.Shell;
import io.conclave.shell.ShellSession;
import io.conclave.shell.StreamConsole;
import io.conclave.shell.Style;
import io.conclave.stack.StackSource;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/** {@code conclave peer}: join a cluster and drive this peer from a shell, commands, a script, or headless. */
@Command(name = "peer", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Join a cluster as one peer and show who leads.",
                "Interactive shell on a terminal; reads commands line by line when stdin is not a terminal."})
final class PeerCommand implements Callable<Integer> {

    @Option(names = "--name", description = "This peer's name (default: host name plus a short suffix). In raft mode, its raft id.")
    String name;

    @Option(names = "--cluster", defaultValue = PeerConfig.DEFAULT_CLUSTER, description = "Cluster name (default: ${DEFAULT-VALUE}).")
    String cluster;

    @Option(names = "--stack", defaultValue = PeerConfig.DEFAULT_STACK,
            description = "Bundled stack name or path of a JGroups XML file (default: ${DEFAULT-VALUE}; see 'conclave stacks').")
    String stack;

    @Option(names = "--secret", paramLabel = "FILE",
            description = "Secure stacks: the cluster secret file made by 'conclave keygen' (default: the file named by CONCLAVE_SECRET)."
                    + " The secret itself is never given on the command line.")
    Path secret;

    @Option(names = "--bind-addr", description = "Address of this host to bind to (default: the stack's, usually a site-local address).")
    String bindAddr;

    @Option(names = "--port", description = "Transport port; fails if it is in use (default: the stack's).")
    Integer port;

    @Option(names = "--initial-hosts", description = "TCP stacks: the peers to contact, e.g. 10.0.0.1[7800],10.0.0.2[7800]; gossip: the routers, e.g. 10.0.0.9[12001].")
    String initialHosts;

    @Option(names = "--members", converter = MemberList.class, description = "Raft stacks: the voting members, e.g. A,B,C.")
    List<String> members;

    @Option(names = "--learner", description = {"Raft stacks: allow this peer to join as a non-voting learner. Quorum"
            + " stack: this peer never grants a lease, so it never counts towards the quorum (one-shot -c peers never do)."})
    boolean learner;

    @Option(names = "--allow-faults",
            description = "Obey fault-injection commands (partition, isolate, heal) from members of this peer's view. Off by default: for labs and tests, not production.")
    boolean allowFaults;

    @Option(names = {"-s", "--set"}, paramLabel = "NAME=VALUE",
            description = "A value for a ${NAME} placeholder in the stack, e.g. --set conclave.cluster_size=5 (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--data-dir", description = "Where this peer keeps its files (default: ~/.conclave/CLUSTER/NAME).")
    Path dataDir;

    @Option(names = "--log-file", description = "Where JGroups and Conclave log (default: DATA-DIR/conclave.log).")
    Path logFile;

    @Option(names = "--admin", paramLabel = "[HOST:]PORT",
            description = "Serve the admin endpoint over HTTP (health, ready, leader, status, metrics, events); loopback unless HOST is given.")
    String admin;

    @Option(names = "--admin-token", paramLabel = "FILE",
            description = "A file only you can read whose first line is the bearer token every admin request must send; needed off loopback.")
    Path adminToken;

    @Option(names = {"-c", "--command"}, paramLabel = "CMD",
            description = "Run a command, print its output, exit (repeatable). This joins the cluster; to ask a running cluster without"
                    + " joining it, use 'conclave status|leader|members|view|raft --admin HOST:PORT'.")
    List<String> commands = new ArrayList<>();

    @Option(names = "--script", paramLabel = "FILE",
            description = "Run the script in FILE (commands plus sleep, await, expect), print 'N passed, M failed', exit 0 only if none failed.")
    Path script;

    @Option(names = "--no-shell", description = "Headless: print events and run until SIGINT/SIGTERM, then leave gracefully.")
    boolean noShell;

    @Option(names = "--while-leader", paramLabel = "CMD",
            description = {"Run CMD through the shell while this peer leads, with CONCLAVE_PEER, CONCLAVE_CLUSTER,"
                    + " CONCLAVE_EPOCH and CONCLAVE_TOKEN set; it is stopped (SIGTERM, then SIGKILL) when leadership ends or"
                    + " is about to, started again at the next gain, and never outlives this peer (see docs/leases.md)."})
    String whileLeader;

    @Option(names = "--events", paramLabel = "text|json", description = "How events are printed: text or json (one JSON object per line).")
    Format events;

    @Mixin
    ColorOption color;

    @Spec
    CommandSpec spec;

    /** Where environment variables come from; tests replace it. */
    static Function<String, String> environment = System::getenv;

    @Override
    public Integer call() throws IOException {
        String peerName = name == null ? PeerConfig.defaultName() : name;
        PeerNames.requireValid(peerName);
        Path dir = dataDir == null ? PeerConfig.defaultDataDir(cluster, peerName) : dataDir;
        Path secretFile = secretFile();
        // Checked before logging starts: log4j would complain on stderr about a directory it cannot write.
        DataDirs.prepare(dir, "--data-dir");
        // Before anything logs: JGroups picks up its logger when its first class loads.
        LogSetup.toFile(logFile == null ? dir.resolve("conclave.log") : logFile, logFile == null ? "--data-dir" : "--log-file");
        String scriptText = script == null ? null : ScriptFile.read(script);
        PeerConfig config = PeerConfig.builder().admin(admin).adminTokenFile(adminToken).name(peerName).cluster(cluster).stack(stack).bindAddr(bindAddr)
                .port(port).initialHosts(initialHosts).dataDir(dir).members(members == null ? List.of() : members)
                // a one-shot query must not count towards a quorum (raft mode asks for --learner instead)
                .learner(learner || !commands.isEmpty() && StackSource.load(stack).mode() == Mode.COORDINATOR)
                .settings(settings).secretFile(secretFile).allowFaults(allowFaults).build();

        boolean batch = !commands.isEmpty() || scriptText != null;
        boolean interactive = !batch && !noShell && System.console() != null;
        Style style = color.style(interactive);
        Format eventFormat = events == null ? Format.text : events;

        if (interactive) {
            return runShell(config, style, eventFormat);
        }
        Console console = new StreamConsole(spec.commandLine().getOut(), spec.commandLine().getErr(), style);
        EventPrinter printer = new EventPrinter(console, eventFormat, !batch || events != null);
        Peer peer = join(config, printer);
        try {
            if (noShell && !batch) {
                new CountDownLatch(1).await();
            }
            ScriptInterpreter interpreter = interpreter(peer, console, printer, eventFormat);
            if (scriptText != null) {
                return Script.run(new BufferedReader(new StringReader(scriptText)), interpreter, console);
            }
            BufferedReader input = !commands.isEmpty() ? new BufferedReader(new StringReader(String.join("\n", commands)))
                    : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return LineLoop.run(input, interpreter);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            leave(peer);
        }
    }

    private Integer runShell(PeerConfig config, Style style, Format eventFormat) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            Shell shell = new Shell(terminal, config.dataDir().resolve("history"), style);
            EventPrinter printer = new EventPrinter(shell.console(), eventFormat, true);
            Peer peer = join(config, printer);
            try {
                return shell.run(interpreter(peer, shell.console(), printer, eventFormat));
            } finally {
                leave(peer);
            }
        }
    }

    /** Joins, and makes sure the peer leaves gracefully however the JVM ends (quit, end of input, SIGINT, SIGTERM). */
    private Peer join(PeerConfig config, EventPrinter printer) {
        Peer peer = Conclave.join(config, printer);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> leave(peer), "conclave-leave"));
        if (whileLeader != null) {
            peer.whileLeading(new Sidecar(whileLeader, peer)); // stopped by the peer's close
        }
        return peer;
    }

    /** The peer shell with the script words; cuts issued by other peers are announced with the text events. */
    private static ScriptInterpreter interpreter(Peer peer, Console console, EventPrinter printer, Format eventFormat) {
        FAULTS.of(peer).ifPresent(faults -> faults.onCut(cut -> {
            if (printer.enabled() && eventFormat == Format.text && !cut.issuer().equals(peer.name())) {
                console.announce(EventFormat.clock(Instant.now()) + " " + console.style().yellow(
                        cut.active() ? "network cut by " + cut.issuer() + ": " + cut.describe() : "network healed by " + cut.issuer()));
            }
        }));
        return new ScriptInterpreter(PeerShell.interpreter(new ShellSession(peer, console, printer)), new PeerTarget(peer), console);
    }

    /** --secret, else CONCLAVE_SECRET; the file is checked here so the message names the right one. */
    private Path secretFile() {
        if (secret != null) {
            ClusterSecret.load(secret, "--secret");
            return secret;
        }
        String fromEnvironment = environment.apply("CONCLAVE_SECRET");
        if (fromEnvironment == null || StackSource.load(stack).seal().isEmpty()) {
            return null; // an exported CONCLAVE_SECRET does not get in the way of the plain stacks
        }
        if (fromEnvironment.isBlank()) {
            throw new ConclaveException("CONCLAVE_SECRET is set but empty; set it to the secret file made by 'conclave keygen', or unset it");
        }
        Path file = Path.of(fromEnvironment.strip());
        ClusterSecret.load(file, "CONCLAVE_SECRET");
        return file;
    }

    private static void leave(Peer peer) {
        peer.close();
        LogSetup.shutdown();
    }
}
