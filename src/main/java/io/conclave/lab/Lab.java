package io.conclave.lab;

import io.conclave.Conclave;
import io.conclave.admin.AdminAddress;
import io.conclave.election.ConclaveException;
import io.conclave.election.MemberInfo;
import io.conclave.election.Mode;
import io.conclave.election.Peer;
import io.conclave.election.PeerConfig;
import io.conclave.fault.Cut;
import io.conclave.fault.FAULTS;
import io.conclave.fault.FaultInjector;
import io.conclave.peer.DataDirs;
import io.conclave.poll.Poll;
import io.conclave.script.ScriptTarget;
import io.conclave.security.ClusterSecret;
import io.conclave.shell.Console;
import io.conclave.shell.Durations;
import io.conclave.shell.EventPrinter;
import io.conclave.shell.Format;
import io.conclave.shell.Interpreter;
import io.conclave.shell.PeerShell;
import io.conclave.shell.ShellSession;
import io.conclave.stack.StackDefinition;
import io.conclave.stack.StackSource;
import io.conclave.timeline.LabEvent;
import io.conclave.timeline.PeerState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * N peers in one JVM on loopback, with a cluster name and ports of their own so two labs on one host never
 * meet, and the faults that show what leader election is about: cuts, crashes, graceful stops, restarts and
 * pauses. Cuts go through the peers' own fault-injection protocol, so the peers find out as they would on a
 * real network.
 */
public final class Lab implements ScriptTarget, FaultInjector, AutoCloseable {

    private static final Duration CUT_DELIVERY = Duration.ofSeconds(2);

    private final LabOptions options;
    private final Mode mode;
    private final String cluster = "lab-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, LabPeer> peers = new LinkedHashMap<>();
    private final Console console;
    private final ClusterTimeline timeline = new ClusterTimeline();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "conclave-lab");
        t.setDaemon(true);
        return t;
    });
    private final Recorder recorder;
    private final LabObserver observer;
    private final Map<String, Instant> pausedUntil = new HashMap<>();
    private volatile Instant lastFault = Instant.now();
    private final AtomicBoolean closed = new AtomicBoolean();
    private Cut recordedCut = Cut.NONE;

    private Lab(LabOptions options, Mode mode, Console console) {
        this.options = options;
        this.mode = mode;
        this.console = console;
        this.recorder = options.record() == null ? null : Recorder.open(options.record());
        this.observer = new LabObserver(console, timeline, recorder, timer);
        if (recorder != null) {
            recorder.write(header());
        }
    }

    /** The record's first line: what the timeline page needs to know of the run that no event says. */
    private Map<String, Object> header() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("ts", Instant.now().toString());
        header.put("type", "recording");
        header.put("source", "lab");
        header.put("cluster", cluster);
        header.put("stack", options.stack());
        header.put("mode", mode.label());
        header.put("peers", options.names());
        return header;
    }

    /** Everything so far as the record has it (the header, every event and fault as JSON fields), in time order. */
    public List<Map<String, Object>> recordSoFar() {
        List<Map<String, Object>> all = new ArrayList<>();
        timeline.events().forEach(e -> all.add(io.conclave.shell.EventFormat.fields(e)));
        timeline.faults().forEach(f -> all.add(f.fields()));
        all.sort(java.util.Comparator.comparing(m -> Instant.parse((String) m.get("ts"))));
        all.add(0, header());
        return all;
    }

    /** Where the lab keeps its files (and, by default, its timeline page). */
    public Path dataDir() {
        return options.dataDir();
    }

    public Optional<Path> record() {
        return Optional.ofNullable(options.record());
    }

    /** Starts every peer, one after the other, and returns once each has joined. */
    public static Lab start(LabOptions options, Console console) {
        StackDefinition stack = StackSource.load(options.stack());
        InProcessLoad.warningFor(stack, options.peers()).ifPresent(warning -> console.out("lab: " + warning));
        Lab lab = new Lab(options, stack.mode(), console);
        try {
            lab.configure(stack);
            for (LabPeer slot : lab.peers.values()) {
                lab.launch(slot);
            }
            lab.observer.startPrinting();
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void configure(StackDefinition stack) {
        List<String> names = options.names();
        Map<String, String> settings = new HashMap<>();
        settings.put("jgroups.udp.mcast_port", String.valueOf(ThreadLocalRandom.current().nextInt(20_000, 60_000)));
        settings.put("jgroups.udp.ip_ttl", "0");
        settings.put("conclave.cluster_size", String.valueOf(names.size()));
        // every peer serves an admin endpoint on loopback, so the one-shot commands and Prometheus can ask the lab;
        // the transport ports come after the admin ports (LabPorts: FD_SOCK2 listens above them, below the ephemeral
        // range, where it cannot meet another peer's ephemeral socket: with 50 peers or more, it did)
        boolean tcp = stack.find("TCPPING").isPresent();
        List<Integer> labPorts = LabPorts.free(2 * names.size());
        List<Integer> adminPorts = labPorts.subList(0, names.size());
        List<Integer> ports = labPorts.subList(names.size(), labPorts.size());
        if (tcp) {
            settings.put("jgroups.tcpping.initial_hosts",
                    ports.stream().map(p -> "127.0.0.1[" + p + "]").collect(Collectors.joining(",")));
            settings.put("jgroups.tcpping.port_range", "0");
        }
        // a secure stack gets a secret of the lab's own, so its peers seal their traffic like real ones
        Path secret = stack.seal().isEmpty() ? null : labSecret();
        // lab peers left out of --members join as learners, so the lab can show a learner being made a voter
        List<String> members = mode != Mode.RAFT ? List.of() : options.members().isEmpty() ? names : options.members();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            peers.put(name, new LabPeer(PeerConfig.builder().admin(String.valueOf(adminPorts.get(i))).stack(options.stack()).cluster(cluster).name(name)
                    .bindAddr("127.0.0.1").port(ports.get(i))
                    .dataDir(options.dataDir().resolve(name)).members(members).learner(mode == Mode.RAFT && !members.contains(name))
                    .secretFile(secret).settings(settings).allowFaults(true).build()));
        }
    }

    private Path labSecret() {
        DataDirs.prepare(options.dataDir(), "--data-dir");
        Path file = options.dataDir().resolve("lab.secret");
        if (!Files.exists(file)) {
            ClusterSecret.writeNew(file, false);
        }
        return file;
    }

    private void launch(LabPeer slot) {
        EventPrinter printer = new EventPrinter(console, Format.text, false);
        Peer peer = Conclave.join(slot.config(), observer, printer);
        FAULTS.of(peer).ifPresent(faults -> faults.onCut(this::cutApplied));
        slot.up(peer, PeerShell.interpreter(new ShellSession(peer, console, printer)));
    }

    public String cluster() {
        return cluster;
    }

    public Mode mode() {
        return mode;
    }

    public List<String> names() {
        return List.copyOf(peers.keySet());
    }

    /** Each peer's admin endpoint, HOST:PORT on loopback, by name in peer order. */
    public Map<String, String> adminEndpoints() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        peers.forEach((name, slot) -> endpoints.put(name, AdminAddress.parse(slot.config().admin(), "admin").toString()));
        return endpoints;
    }

    // ---- what the peers believe

    public List<PeerRow> rows() {
        List<PeerRow> rows = new ArrayList<>();
        for (LabPeer slot : peers.values()) {
            PeerState state = slot.state();
            rows.add(slot.peer().map(p -> new PeerRow(slot.name(), state, p.view(), p.leadership(), role(p),
                    p.leaderSilence().orElse(null))).orElseGet(() -> PeerRow.down(slot.name(), state)));
        }
        return rows;
    }

    private static String role(Peer peer) {
        if (peer.leader().isEmpty()) {
            return "-";
        }
        return peer.members().stream().filter(MemberInfo::self).map(m -> m.role().label()).findFirst()
                .orElse(peer.isLeader() ? "leader" : "follower");
    }

    @Override
    public List<Peer> live() {
        return peers.values().stream().filter(s -> s.state() == PeerState.UP).flatMap(s -> s.peer().stream()).toList();
    }

    @Override
    public Peer live(String name) {
        LabPeer slot = slot(name);
        return slot.peer().filter(p -> slot.state() == PeerState.UP)
                .orElseThrow(() -> new ConclaveException(name + " is " + slot.state().label()));
    }

    @Override
    public Optional<String> down(String name) {
        LabPeer slot = peers.get(name);
        return slot == null || slot.peer().isPresent() ? Optional.empty() : Optional.of(slot.state().label());
    }

    @Override
    public Instant lastFault() {
        return lastFault;
    }

    /** The shell of a running (up or paused) peer, for {@code @P COMMAND}. */
    public Interpreter shellOf(String name) {
        LabPeer slot = slot(name);
        if (slot.peer().isEmpty()) {
            throw new ConclaveException(name + " is " + slot.state().label() + "; 'start " + name + "' first");
        }
        return slot.shell();
    }

    private LabPeer slot(String name) {
        LabPeer slot = peers.get(name);
        if (slot == null) {
            throw new ConclaveException("no peer " + name + " in this lab; its peers are " + String.join(",", peers.keySet()));
        }
        return slot;
    }

    private LabPeer running(String name) {
        LabPeer slot = slot(name);
        if (slot.peer().isEmpty()) {
            throw new ConclaveException(name + " is already " + slot.state().label());
        }
        return slot;
    }

    private FAULTS faultsOf(LabPeer slot) {
        return slot.faults().orElseThrow(() -> new ConclaveException("stack " + options.stack()
                + " has no fault-injection protocol; add <io.conclave.fault.FAULTS/> just above the transport"));
    }

    // ---- cuts, through any running peer's FAULTS, which sends them to all

    @Override
    public Cut partition(List<Set<String>> sides) {
        sides.stream().flatMap(Set::stream).filter(n -> !n.equals(Cut.REST)).forEach(this::slot);
        return deliver(issuer().partition(sides));
    }

    @Override
    public Cut isolate(String name) {
        slot(name);
        return deliver(issuer().isolate(name));
    }

    @Override
    public void resetConnections(String name) {
        LabPeer slot = running(name);
        faultsOf(slot).resetConnections(name);
        fault("reset", List.of(name), "");
    }

    @Override
    public Cut heal() {
        return deliver(issuer().heal());
    }

    private FAULTS issuer() {
        return peers.values().stream().filter(s -> s.peer().isPresent()).findFirst().map(this::faultsOf)
                .orElseThrow(() -> new ConclaveException("no peer is running to send the cut; start one first"));
    }

    /** Waits until every running peer has applied the cut; says which have not, if any, rather than failing. */
    private Cut deliver(Cut cut) {
        List<String> missing;
        try {
            missing = Poll.until(() -> missing(cut), List::isEmpty, CUT_DELIVERY, Duration.ofMillis(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConclaveException("interrupted");
        }
        if (!missing.isEmpty()) {
            console.err("warning: " + String.join(",", missing) + " did not receive the cut within "
                    + Durations.format(CUT_DELIVERY) + " (see 'faults')");
        }
        return cut;
    }

    private List<String> missing(Cut cut) {
        return peers.values().stream().filter(s -> s.faults().map(f -> cut.newerThan(f.cut())).orElse(false))
                .map(LabPeer::name).toList();
    }

    /** Called by every peer's FAULTS for every cut it applies: the first report of each cut is recorded. */
    private synchronized void cutApplied(Cut cut) {
        if (cut.newerThan(recordedCut)) {
            recordedCut = cut;
            Set<String> named = new LinkedHashSet<>();
            cut.sides().forEach(named::addAll);
            named.remove(Cut.REST);
            fault(cut.active() ? "partition" : "heal", List.copyOf(named), cut.describe());
        }
    }

    @Override
    public String describeFaults() {
        List<String> lines = new ArrayList<>();
        Cut cut = peers.values().stream().flatMap(s -> s.faults().stream()).map(FAULTS::cut)
                .reduce(Cut.NONE, (a, b) -> b.newerThan(a) ? b : a);
        if (cut.active()) {
            lines.add("cut      " + cut.describe() + "  (generation " + cut.generation() + ", by " + cut.issuer() + ")");
            if (!cut.bridges().isEmpty()) {
                lines.add("bridges  " + String.join(",", cut.bridges()) + " (on more than one side: they hear both)");
            }
        }
        synchronized (pausedUntil) {
            pausedUntil.forEach((name, until) -> {
                if (slot(name).state() == PeerState.PAUSED) {
                    lines.add("paused   " + name + " (" + Durations.format(Duration.between(Instant.now(), until)) + " left)");
                }
            });
        }
        String down = peers.values().stream().filter(s -> s.peer().isEmpty())
                .map(s -> s.name() + " (" + s.state().label() + ")").collect(Collectors.joining(", "));
        if (!down.isEmpty()) {
            lines.add("down     " + down);
        }
        return lines.isEmpty() ? "no faults: every peer is up and hears every other" : String.join("\n", lines);
    }

    // ---- crashes, stops, restarts, pauses

    /** Crashes a peer: no leave message, its sockets close, so the others notice as for a real crash. */
    public void kill(String name) {
        LabPeer slot = running(name);
        Peer peer = slot.peer().orElseThrow();
        faultsOf(slot).crash();
        fault("kill", List.of(name), "");
        // closing takes a moment (its leave waits for answers that never come); restart waits for it
        slot.down(PeerState.KILLED, CompletableFuture.runAsync(peer::close));
    }

    /** Stops a peer gracefully: it leaves, and a new leader is chosen at once if it led. */
    public void stop(String name) {
        LabPeer slot = running(name);
        Peer peer = slot.peer().orElseThrow();
        fault("stop", List.of(name), "");
        peer.close();
        slot.down(PeerState.STOPPED, CompletableFuture.completedFuture(null));
    }

    /** Restarts a stopped or killed peer with the same name and data. */
    public Peer restart(String name) {
        LabPeer slot = slot(name);
        if (slot.peer().isPresent()) {
            throw new ConclaveException(name + " is " + slot.state().label() + "; stop or kill it first");
        }
        slot.closing().join();
        fault("start", List.of(name), "");
        launch(slot);
        return slot.peer().orElseThrow();
    }

    /** The peer neither sends nor receives for {@code duration}, then carries on with the state it had. */
    public void pause(String name, Duration duration) {
        LabPeer slot = running(name);
        if (slot.state() == PeerState.PAUSED) {
            throw new ConclaveException(name + " is already paused");
        }
        faultsOf(slot).pause(duration);
        synchronized (pausedUntil) {
            pausedUntil.put(name, Instant.now().plus(duration));
        }
        fault("pause", List.of(name), Durations.format(duration));
        timer.schedule(() -> observer.fault(new LabEvent(Instant.now(), "resume", List.of(name), "")),
                duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for the merge reports still due, and prints the events gathered so far. */
    public void settle() {
        observer.settle();
    }

    /** Prints the events gathered so far now, so they appear before the output of the next command. */
    public void flushEvents() {
        observer.flush();
    }

    /** Turns the digest of views and leaders on or off (merge reports always print). */
    public void events(boolean on) {
        observer.printing(on);
    }

    public boolean eventsOn() {
        return observer.printing();
    }

    private void fault(String action, List<String> names, String detail) {
        Instant now = Instant.now();
        lastFault = now;
        observer.fault(new LabEvent(now, action, names, detail));
    }

    /** Stops every peer gracefully, last first, and closes the record. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        observer.settle();
        observer.printing(false);
        List<LabPeer> slots = new ArrayList<>(peers.values());
        Collections.reverse(slots);
        for (LabPeer slot : slots) {
            // recorded, so a timeline of the record shows the end of the lab rather than peers that vanished
            slot.peer().ifPresent(p -> fault("stop", List.of(slot.name()), "lab closing"));
            slot.peer().ifPresent(Peer::close);
            slot.closing().join();
        }
        timer.shutdownNow();
        if (recorder != null) {
            recorder.close();
        }
    }
}
