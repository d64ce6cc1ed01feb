package io.conclave.support;

import io.conclave.election.PeerConfig;
import io.conclave.security.ClusterSecret;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** Cluster secret files for tests. */
public final class Secrets {

    private Secrets() {
    }

    public static Path newFile(Path dir) {
        Path file = dir.resolve("secret-" + UUID.randomUUID().toString().substring(0, 8));
        ClusterSecret.writeNew(file, false);
        return file;
    }

    /** Placeholder settings that give a peer the secret in {@code file}. */
    public static Map<String, String> settings(Path file) {
        return Map.of(PeerConfig.SECRET_FILE, file.toString());
    }
}
