package io.conclave.support;

import io.conclave.Conclave;
import io.conclave.agreement.Agreement;
import io.conclave.agreement.PeerSnapshot;
import io.conclave.bench.Sandbox;
import io.conclave.election.Peer;
import io.conclave.election.PeerConfig;
import io.conclave.fault.Cut;
import io.conclave.fault.FAULTS;
import org.awaitility.core.ConditionTimeoutException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/**
 * Real peers in this JVM on loopback, each cluster with its own name and multicast port so parallel
 * builds on one host never meet. Faults go through each peer's FAULTS, as in the lab and the benches: every
 * peer is started allowing them (a test that wants one that does not says so in its config), and a partition
 * drops real messages in the real stack, like a pulled cable.
 */
public final class TestCluster implements AutoCloseable {

    public static final Duration GENEROUS = Duration.ofSeconds(60);

    private final String stack;
    /** The same fresh cluster name, port and data layout as the benches' in-process peers; the test deletes the data. */
    private final Sandbox sandbox;
    private final Map<String, String> extraSettings;
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private List<String> members = List.of();

    public TestCluster(String stack, Path dataRoot, Map<String, String> extraSettings) {
        this.stack = stack;
        this.sandbox = Sandbox.in("test", dataRoot);
        this.extraSettings = extraSettings;
    }

    public TestCluster(String stack, Path dataRoot) {
        this(stack, dataRoot, Map.of());
    }

    /** Raft mode: the voting members every peer of this cluster starts with (the stack's default if not set). */
    public TestCluster members(String... names) {
        this.members = List.of(names);
        return this;
    }

    public PeerConfig config(String name) {
        return sandbox.peer(stack, name, extraSettings).members(members).allowFaults(true).build();
    }

    /** Starts a peer from a config made with {@link #config} and changed by the test. */
    public Peer start(PeerConfig config) {
        Peer peer = Conclave.join(config);
        peers.put(config.name(), peer);
        return peer;
    }

    public String name() {
        return sandbox.cluster();
    }

    public int mcastPort() {
        return sandbox.mcastPort();
    }

    /** Settings for a stranger on this cluster's name and port: its own stack and settings (e.g. another secret). */
    public Map<String, String> strangerSettings(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("jgroups.udp.mcast_port", String.valueOf(sandbox.mcastPort()));
        all.put("jgroups.bind_addr", "127.0.0.1");
        return all;
    }

    public Peer start(String name) {
        return start(config(name));
    }

    public List<Peer> start(String... names) {
        List<Peer> started = new ArrayList<>();
        for (String name : names) {
            started.add(start(name));
        }
        return started;
    }

    public Peer peer(String name) {
        return peers.get(name);
    }

    public List<Peer> live() {
        return new ArrayList<>(peers.values());
    }

    public void stop(String name) {
        peers.remove(name).close();
    }

    public List<String> names() {
        return new ArrayList<>(peers.keySet());
    }

    /** Waits until every live peer has all live peers in its view and they agree on one leader. */
    public String awaitOneLeader() {
        try {
            // the leader is read once, inside the condition: a second read could catch a lease renewal in flight
            return await().atMost(GENEROUS).until(this::agreement, a -> a.agreedLeader().isPresent()).agreedLeader().orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no one leader with the full view within " + GENEROUS.toSeconds() + " s: "
                    + agreement().describe() + "; now " + describe(), e);
        }
    }

    /** Whether the live peers agree on one leader and each has all of them in its view, and if not, why not. */
    public Agreement agreement() {
        return Agreement.onLeaderAndView(PeerSnapshot.of(live()));
    }

    /** Every peer's view, leader, epoch and reason, for a failure message. */
    public String describe() {
        return PeerSnapshot.describeAll(PeerSnapshot.of(live()));
    }

    /** Cuts the cluster into sides: members of different sides drop each other's messages. */
    @SafeVarargs
    public final void partition(List<String>... sides) {
        partition(List.of(sides));
    }

    /** Cuts the cluster into sides: members of different sides drop each other's messages. */
    public void partition(List<List<String>> sides) {
        cutEverywhere(sides.stream().map(side -> (Set<String>) new LinkedHashSet<>(side)).toList());
    }

    /**
     * A one-sided cut: {@code name} stops hearing the others while they still hear it, so only it notices.
     */
    public void deafen(String name) {
        faults(name).deafen(true);
    }

    /** {@code name} stops sending anything while it still hears the others (a one-way loss). */
    public void mute(String name) {
        faults(name).mute(true);
    }

    /**
     * Closes {@code name}'s failure-detection sockets while its process lives, as a firewall's reset or a
     * network detach would: the others suspect it through FD_SOCK2's fast path (~0.1 s), not FD_ALL3's timeout.
     */
    public void resetConnections(String name) {
        faults(name).resetConnections(name);
    }

    /** Ends every cut and one-way loss. */
    public void heal() {
        cutEverywhere(List.of());
        for (String name : peers.keySet()) {
            faults(name).deafen(false);
            faults(name).mute(false);
        }
    }

    /**
     * Gives every live peer the same next cut at once, as a switch cutting every port would: each applies it
     * before this returns, and as all hold the same generation no resend of an older cut can undo it. (Issued
     * on one peer it would reach the others a moment later, and only those whose view holds the issuer.)
     */
    private void cutEverywhere(List<Set<String>> sides) {
        Cut latest = peers.keySet().stream().map(name -> faults(name).cut())
                .reduce(Cut.NONE, (a, b) -> b.newerThan(a) ? b : a);
        Cut next = latest.next(peers.keySet().iterator().next(), sides);
        peers.keySet().forEach(name -> faults(name).obey(next));
    }

    private FAULTS faults(String name) {
        return FAULTS.of(peers.get(name)).orElseThrow(() -> new IllegalStateException(
                name + "'s stack has no FAULTS, through which this harness injects faults"));
    }

    @Override
    public void close() {
        List<Peer> all = new ArrayList<>(peers.values());
        java.util.Collections.reverse(all);
        all.forEach(Peer::close);
        peers.clear();
    }
}
