package io.conclave.bench;

import io.conclave.agreement.Agreement;
import io.conclave.agreement.PeerSnapshot;
import io.conclave.election.Mode;
import io.conclave.lab.LabNames;
import io.conclave.poll.Poll;
import io.conclave.stack.StackDefinition;
import io.conclave.stack.StackSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A fresh cluster of real peer processes for one trial: its own name, multicast port and data. */
final class BenchCluster implements AutoCloseable {

    static final Duration AGREE_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, PeerProcess> peers = new LinkedHashMap<>();
    /** Closed before the peers: what a trial added to the cluster (the writers of {@link WriteLoad}). */
    private final List<AutoCloseable> added = new ArrayList<>();
    private final Sandbox sandbox;
    private final String stack;

    private BenchCluster(Sandbox sandbox, String stack) {
        this.sandbox = sandbox;
        this.stack = stack;
    }

    /** Starts peers A, B, C... one after the other (so A is the first coordinator, as in a real roll-out). */
    static BenchCluster start(String stack, int size) {
        Sandbox sandbox = Sandbox.create();
        BenchCluster cluster = new BenchCluster(sandbox, stack);
        List<String> names = LabNames.first(size);
        List<String> args = new ArrayList<>(List.of("--stack", stack));
        StackDefinition definition = StackSource.load(stack);
        if (definition.mode() == Mode.RAFT) {
            args.addAll(List.of("--members", String.join(",", names)));
        }
        if (definition.find("io.conclave.coordinator.QUORUM").isPresent()) { // any quorum stack, bundled or not
            args.addAll(List.of("--set", "conclave.cluster_size=" + size));
        }
        try {
            for (String peer : names) {
                PeerProcess process = PeerProcess.start(peer, sandbox.cluster(), sandbox.mcastPort(), sandbox.dataRoot().resolve(peer), args);
                cluster.peers.put(peer, process);
                cluster.await("peer " + peer + " to join", () -> !process.lastMembers().isEmpty());
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** This trial's cluster name, multicast port and data directory (for peers that join it in this process). */
    Sandbox sandbox() {
        return sandbox;
    }

    PeerProcess peer(String name) {
        return peers.get(name);
    }

    List<PeerProcess> all() {
        return List.copyOf(peers.values());
    }

    List<PeerProcess> except(PeerProcess excluded) {
        return peers.values().stream().filter(p -> p != excluded).toList();
    }

    /** Waits until the given peers all see each other and name one leader; returns it. */
    String awaitAgreement(List<PeerProcess> group) {
        List<String> names = group.stream().map(PeerProcess::name).toList();
        return awaitAgreement(names, () -> group.stream().map(PeerProcess::snapshot).toList());
    }

    /**
     * Waits until every one of {@code names} has all of them in its view and they name one leader; returns it.
     * Asks {@code snapshots} every 5 ms, for peers in this process or peer processes alike.
     */
    static String awaitAgreement(List<String> names, Supplier<List<PeerSnapshot>> snapshots) {
        Supplier<Agreement> probe = () -> Agreement.onLeaderAndView(names, snapshots.get());
        return until("agreement of " + Agreement.listed(names), probe, a -> a.agreedLeader().isPresent(),
                a -> a.describe() + peersSaw(snapshots.get())).agreedLeader().orElseThrow();
    }

    /** Each peer's view, leader and epoch, for a cluster small enough to read them all in one line. */
    private static String peersSaw(List<PeerSnapshot> snapshots) {
        return snapshots.size() > Agreement.LISTED_NAMES ? "" : "; peers saw: " + PeerSnapshot.describeAll(snapshots);
    }

    /** The leader all of {@code group} name in their last leader event, whatever their views; empty if not one. */
    static Optional<String> agreedLeader(List<PeerProcess> group) {
        return Agreement.onLeader(group.stream().map(PeerProcess::snapshot).toList()).agreedLeader();
    }

    /** The latest time stamp among the group's last leader events: when the last of them learnt it. */
    static java.time.Instant lastLeaderChange(List<PeerProcess> group) {
        return group.stream().map(PeerProcess::lastLeaderEvent).filter(Objects::nonNull)
                .map(PeerProcess::ts).max(Comparator.naturalOrder()).orElseThrow();
    }

    void await(String what, BooleanSupplier condition) {
        until(what, condition, () -> "peers saw: " + describe());
    }

    /** Polls {@code condition} every 5 ms for up to {@link #AGREE_TIMEOUT}; on time-out says what was seen. */
    static void until(String what, BooleanSupplier condition, Supplier<String> seen) {
        until(what, condition::getAsBoolean, Boolean::booleanValue, held -> seen.get());
    }

    /**
     * Probes every 5 ms for up to {@link #AGREE_TIMEOUT} until {@code done} accepts the answer, and returns it;
     * on time-out says what was seen in the last answer.
     */
    private static <T> T until(String what, Supplier<T> probe, Predicate<? super T> done, Function<? super T, String> seen) {
        T answer;
        try {
            answer = Poll.until(probe, done, AGREE_TIMEOUT, Duration.ofMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what);
        }
        if (!done.test(answer)) {
            throw new BenchFailure("timed out after " + AGREE_TIMEOUT.toSeconds() + " s waiting for " + what
                    + "; " + seen.apply(answer));
        }
        return answer;
    }

    private String describe() {
        StringBuilder out = new StringBuilder();
        peers.values().forEach(p -> out.append(p.name()).append(p.isAlive() ? "" : "(dead)").append(" view=")
                .append(p.lastMembers()).append(" leader=").append(p.lastLeader()).append("; "));
        return out.toString();
    }

    /** Closes {@code extra} when the cluster closes, before its peers. */
    void closeWith(AutoCloseable extra) {
        added.add(extra);
    }

    @Override
    public void close() {
        TrialRecords.write(sandbox.cluster(), stack, List.copyOf(peers.keySet()), peers.values().stream()
                .flatMap(p -> java.util.stream.Stream.concat(p.events().stream(), p.faults().stream())).toList());
        for (AutoCloseable extra : added) {
            try {
                extra.close();
            } catch (Exception e) {
                // the trial is over; the peers still have to go
            }
        }
        peers.values().parallelStream().forEach(PeerProcess::close);
        sandbox.close();
    }
}
