package io.conclave.support;

import io.conclave.Conclave;
import io.conclave.election.Peer;
import io.conclave.election.PeerConfig;
import io.conclave.peer.PeerRuntime;
import org.jgroups.JChannel;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.TP;
import org.jgroups.stack.ProtocolStack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * Real peers in this JVM on loopback, each cluster with its own name and multicast port so parallel
 * builds on one host never meet. Partitions are made with JGroups' DISCARD, like a pulled cable.
 */
public final class TestCluster implements AutoCloseable {

    public static final Duration GENEROUS = Duration.ofSeconds(60);

    private final String stack;
    private final String cluster = "test-" + UUID.randomUUID().toString().substring(0, 8);
    private final int mcastPort = ThreadLocalRandom.current().nextInt(20_000, 60_000);
    private final Path dataRoot;
    private final Map<String, String> extraSettings;
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private List<String> members = List.of();
    private boolean allowFaults;

    public TestCluster(String stack, Path dataRoot, Map<String, String> extraSettings) {
        this.stack = stack;
        this.dataRoot = dataRoot;
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

    /** Every peer of this cluster obeys fault commands (FAULTS), as lab peers do. */
    public TestCluster allowFaults() {
        this.allowFaults = true;
        return this;
    }

    public PeerConfig config(String name) {
        Map<String, String> settings = new LinkedHashMap<>(extraSettings);
        settings.put("jgroups.udp.mcast_port", String.valueOf(mcastPort));
        return PeerConfig.builder().stack(stack).cluster(cluster).name(name).bindAddr("127.0.0.1")
                .dataDir(dataRoot.resolve(name)).members(members).settings(settings).allowFaults(allowFaults).build();
    }

    /** Starts a peer from a config made with {@link #config} and changed by the test. */
    public Peer start(PeerConfig config) {
        Peer peer = Conclave.join(config);
        peers.put(config.name(), peer);
        return peer;
    }

    public String name() {
        return cluster;
    }

    public int mcastPort() {
        return mcastPort;
    }

    /** Settings for a stranger on this cluster's name and port: its own stack and settings (e.g. another secret). */
    public Map<String, String> strangerSettings(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("jgroups.udp.mcast_port", String.valueOf(mcastPort));
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
            return await().atMost(GENEROUS).until(this::agreedLeader, Optional::isPresent).orElseThrow();
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no one leader with the full view within " + GENEROUS.toSeconds() + " s: " + describe(), e);
        }
    }

    /** The leader every live peer names, when all of them also see every live peer; empty otherwise. */
    private Optional<String> agreedLeader() {
        Set<String> names = peers.keySet();
        if (!peers.values().stream().allMatch(p -> Set.copyOf(p.view().members()).equals(names))) {
            return Optional.empty();
        }
        List<Optional<String>> named = peers.values().stream().map(Peer::leader).distinct().toList();
        return named.size() == 1 ? named.get(0) : Optional.empty();
    }

    /** Every peer's view, leader and reason, for a failure message. */
    public String describe() {
        return peers.values().stream().map(p -> p.name() + " view=" + p.view().id() + p.view().members() + " leader="
                + p.leadership().leader() + " epoch=" + p.leadership().epoch()
                + (p.leadership().reason() == null ? "" : " (" + p.leadership().reason() + ")"))
                .collect(Collectors.joining("; "));
    }

    /** Cuts the cluster into sides: members of different sides drop each other's messages. */
    @SafeVarargs
    public final void partition(List<String>... sides) {
        partition(List.of(sides));
    }

    /** Cuts the cluster into sides: members of different sides drop each other's messages. */
    public void partition(List<List<String>> sides) {
        for (List<String> side : sides) {
            Set<String> others = sides.stream().filter(s -> s != side).flatMap(List::stream)
                    .collect(Collectors.toSet());
            for (String name : side) {
                DISCARD discard = discard(name);
                JChannel channel = ((PeerRuntime) peers.get(name)).channel();
                channel.getView().getMembers().stream()
                        .filter(a -> others.contains(a.toString()))
                        .forEach(discard::addIgnoreMember);
            }
        }
    }

    /**
     * A one-sided cut: {@code name} stops hearing the others while they still hear it, so only it notices
     * (DISCARD ignores incoming messages only).
     */
    public void deafen(String name) {
        DISCARD discard = discard(name);
        JChannel channel = ((PeerRuntime) peers.get(name)).channel();
        channel.getView().getMembers().stream().filter(a -> !a.equals(channel.getAddress()))
                .forEach(discard::addIgnoreMember);
    }

    /** {@code name} stops sending anything while it still hears the others (a one-way loss). */
    public void mute(String name) {
        discard(name).setDownDiscardRate(1);
    }

    /**
     * Closes {@code name}'s failure-detection sockets while its process lives, as a firewall's reset or a
     * network detach would: the others suspect it through FD_SOCK2's fast path (~0.1 s), not FD_ALL3's timeout.
     */
    public void resetConnections(String name) {
        FD_SOCK2 sockets = ((PeerRuntime) peers.get(name)).channel().getProtocolStack().findProtocol(FD_SOCK2.class);
        sockets.stop();
        try {
            sockets.start(); // the connections go, the listening port stays: after the heal it is monitored again
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void heal() {
        for (String name : peers.keySet()) {
            DISCARD discard = discard(name);
            discard.resetIgnoredMembers();
            discard.setDownDiscardRate(0);
        }
    }

    private DISCARD discard(String name) {
        ProtocolStack stack = ((PeerRuntime) peers.get(name)).channel().getProtocolStack();
        DISCARD discard = stack.findProtocol(DISCARD.class);
        if (discard == null) {
            discard = new DISCARD();
            try {
                stack.insertProtocol(discard, ProtocolStack.Position.ABOVE, TP.class);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return discard;
    }

    @Override
    public void close() {
        List<Peer> all = new ArrayList<>(peers.values());
        java.util.Collections.reverse(all);
        all.forEach(Peer::close);
        peers.clear();
    }
}
