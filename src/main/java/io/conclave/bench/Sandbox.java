package io.conclave.bench;

import io.conclave.election.PeerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A fresh place for a cluster of peers in this process: its own name, multicast port and data directory, so
 * trials, tests (and concurrent runs on one host) never meet or reuse a raft log. The benches' in-process
 * peers and the tests' cluster harness start their peers from {@link #peer}. Closing it deletes the data.
 */
public record Sandbox(String cluster, int mcastPort, Path dataRoot) implements AutoCloseable {

    /** A fresh cluster name ("PREFIX-1a2b3c4d") and multicast port, the peers' data under {@code dataRoot}. */
    public static Sandbox in(String prefix, Path dataRoot) {
        return new Sandbox(prefix + "-" + UUID.randomUUID().toString().substring(0, 8),
                ThreadLocalRandom.current().nextInt(20_000, 60_000), dataRoot);
    }

    /** A sandbox for one trial, its data in a new temporary directory. */
    static Sandbox create() {
        try {
            return in("bench", Files.createTempDirectory("conclave-bench"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A peer of this cluster in this process: on loopback and this sandbox's multicast port, its data in a
     * directory of its own, with {@code settings} on top; the caller adds the rest (members, faults, ...).
     */
    public PeerConfig.Builder peer(String stack, String name, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("jgroups.udp.mcast_port", String.valueOf(mcastPort));
        return PeerConfig.builder().stack(stack).cluster(cluster).name(name).bindAddr("127.0.0.1")
                .dataDir(dataRoot.resolve(name)).settings(all);
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dataRoot)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temporary files; nothing to lose
        }
    }
}
