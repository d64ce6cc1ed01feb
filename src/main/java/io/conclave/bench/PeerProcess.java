package io.conclave.bench;

import io.conclave.agreement.PeerSnapshot;
import io.conclave.json.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code java -jar conclave.jar peer ...} process (on loopback, or on a host of a test network), printing
 * JSON events; commands can be sent to its stdin. Event times come from the peers themselves: all on one machine, one clock.
 */
public final class PeerProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final OutputStream stdin;
    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    /** Not copy-on-write: bench soak adds a command reply here 20 times a second for as long as it runs. */
    private final List<String> otherLines = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, Object>> faults = new CopyOnWriteArrayList<>();
    private volatile boolean paused;

    private PeerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(this::readOutput, "events-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** The jar to run: {@code -Dconclave.jar}, else the jar this class was loaded from. */
    public static Path jar() {
        String jar = System.getProperty("conclave.jar");
        if (jar != null) {
            return Path.of(jar);
        }
        try {
            Path self = Path.of(PeerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
                return self;
            }
        } catch (Exception e) {
            // fall through
        }
        throw new IllegalStateException("cannot find conclave.jar: run from the jar or set -Dconclave.jar");
    }

    /**
     * Starts a peer that reads commands from stdin (kept open) and prints JSON events on loopback. It allows
     * fault injection: the benches partition their peers with it.
     *
     * @param mcastPort the cluster's own multicast port, so concurrent runs on one host never meet
     */
    public static PeerProcess start(String name, String cluster, int mcastPort, Path dataDir, List<String> extraArgs) {
        return launch(List.of(), List.of("-Djgroups.udp.ip_ttl=0", "-Djgroups.udp.mcast_port=" + mcastPort),
                "127.0.0.1", name, cluster, dataDir, extraArgs);
    }

    /**
     * A peer on another host of a test network: {@code launcher} runs the JVM there (e.g. {@code ip netns exec NS}),
     * bound to {@code bindAddr}, that host's address.
     */
    public static PeerProcess startOn(List<String> launcher, String bindAddr, String name, String cluster, Path dataDir,
                                      List<String> extraArgs) {
        return launch(launcher, List.of(), bindAddr, name, cluster, dataDir, extraArgs);
    }

    private static PeerProcess launch(List<String> launcher, List<String> jvmArgs, String bindAddr, String name, String cluster,
                                      Path dataDir, List<String> extraArgs) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(javaBinary(), "-Djava.net.preferIPv4Stack=true"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar().toString(), "peer", "--name", name, "--cluster", cluster,
                "--bind-addr", bindAddr, "--data-dir", dataDir.toString(), "--events", "json", "--allow-faults"));
        command.addAll(extraArgs);
        try {
            return new PeerProcess(name, new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start peer " + name, e);
        }
    }

    /** The java of this JVM, for every process a bench starts (peers, and the CPU hogs of bench soak). */
    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            readLines(in, events, otherLines);
        } catch (IOException e) {
            otherLines.add("(output unreadable: " + e.getMessage() + ")");
        }
    }

    /** Sorts lines into events and other lines; a malformed event line is kept as an other line and reading goes on. */
    static void readLines(BufferedReader in, List<Map<String, Object>> events, List<String> otherLines) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.startsWith("{\"ts\"")) {
                otherLines.add(line);
                continue;
            }
            try {
                events.add(Json.parseObject(line));
            } catch (IllegalArgumentException e) {
                otherLines.add(line + " (" + e.getMessage() + ")");
            }
        }
    }

    public String name() {
        return name;
    }

    public List<Map<String, Object>> events() {
        return List.copyOf(events);
    }

    /** The faults done to this peer or sent through it, in the lab's record format (for bench --record). */
    public List<Map<String, Object>> faults() {
        return List.copyOf(faults);
    }

    private void fault(String action, List<String> peers, String detail) {
        faults.add(new io.conclave.timeline.LabEvent(Instant.now(), action, peers, detail).fields());
    }

    /** Lines that were not events: command output, or anything a peer should not print. */
    public List<String> otherLines() {
        return List.copyOf(otherLines);
    }

    /** The last "leader" event, or null before the first. */
    public Map<String, Object> lastLeaderEvent() {
        Map<String, Object> last = null;
        for (Map<String, Object> event : events) {
            if ("leader".equals(event.get("type"))) {
                last = event;
            }
        }
        return last;
    }

    /** The leader named by the last "leader" event, or null. */
    public String lastLeader() {
        Map<String, Object> last = lastLeaderEvent();
        return last == null ? null : (String) last.get("leader");
    }

    /** What this peer said last: the members of its last view event, the leader, reason and epoch of its last leader event. */
    public PeerSnapshot snapshot() {
        Map<String, Object> leader = lastLeaderEvent();
        Object epoch = leader == null ? null : leader.get("epoch");
        return new PeerSnapshot(name(), lastMembers(), leader == null ? null : (String) leader.get("leader"),
                leader == null ? "no leader event yet" : (String) leader.get("reason"),
                epoch instanceof Number n ? n.longValue() : -1);
    }

    /** The members of the last view event. */
    @SuppressWarnings("unchecked")
    public List<String> lastMembers() {
        List<String> members = List.of();
        for (Map<String, Object> event : events) {
            if ("view".equals(event.get("type"))) {
                members = (List<String>) event.get("members");
            }
        }
        return members;
    }

    public static Instant ts(Map<String, Object> event) {
        return Instant.parse((String) event.get("ts"));
    }

    /** Sends one command line to the peer's shell. */
    public void send(String commandLine) {
        String[] words = commandLine.strip().split("\\s+", 2);
        String rest = words.length > 1 ? words[1] : "";
        switch (words[0]) {
            case "partition" -> fault("partition", java.util.Arrays.stream(rest.split("[\\s,/]+")).filter(n -> !n.isBlank()).toList(), rest);
            case "isolate" -> fault("partition", List.of(rest), rest + " / *");
            case "heal" -> fault("heal", List.of(), "none");
            default -> {
                // not a fault
            }
        }
        try {
            stdin.write((commandLine + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send '" + commandLine + "' to " + name, e);
        }
    }

    /** kill -9: no leave message, sockets closed by the kernel. */
    public void crash() {
        fault("kill", List.of(name), "");
        process.destroyForcibly();
    }

    /** SIGTERM: the peer leaves gracefully. */
    public void leave() {
        fault("stop", List.of(name), "");
        process.destroy();
    }

    /** SIGSTOP / SIGCONT: a hang, like a long GC pause or a frozen VM. */
    public void pause(boolean pause) {
        fault(pause ? "pause" : "resume", List.of(name), "");
        signal(pause ? "-STOP" : "-CONT");
        paused = pause;
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The operating system's id of the peer's JVM (bench soak forces its GCs with jcmd). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        if (paused) {
            pause(false);
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
