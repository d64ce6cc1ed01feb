package io.conclave.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A fresh place for one trial's cluster: its own name, multicast port and data directory, so trials (and
 * concurrent runs on one host) never meet or reuse a raft log. Deleted when the trial ends.
 */
record Sandbox(String cluster, int mcastPort, Path dataRoot) implements AutoCloseable {

    static Sandbox create() {
        try {
            return new Sandbox("bench-" + UUID.randomUUID().toString().substring(0, 8),
                    ThreadLocalRandom.current().nextInt(20_000, 60_000), Files.createTempDirectory("conclave-bench"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
