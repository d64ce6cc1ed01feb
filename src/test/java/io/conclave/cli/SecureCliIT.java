package io.conclave.cli;

import io.conclave.bench.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real jar: keygen, a secure peer, a second one that gets the secret from CONCLAVE_SECRET, and two that are refused. */
class SecureCliIT {

    @TempDir
    Path data;

    record Run(int code, String out, String err) {
    }

    private Run conclave(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.net.preferIPv4Stack=true", "-Djgroups.udp.ip_ttl=0", "-jar", System.getProperty("conclave.jar")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().remove("CONCLAVE_SECRET");
        builder.environment().putAll(env);
        Path out = Files.createTempFile(data, "out", ".txt");
        Path err = Files.createTempFile(data, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void keygenSecurePeersAndRefusedStrangers() throws Exception {
        Path secret = data.resolve("cluster.secret");
        Run keygen = conclave(Map.of(), "keygen", secret.toString());
        assertThat(keygen.code()).as(keygen.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        Path wrong = data.resolve("wrong.secret");
        assertThat(conclave(Map.of(), "keygen", wrong.toString()).code()).isZero();

        String cluster = "it-" + UUID.randomUUID().toString().substring(0, 8);
        int port = ThreadLocalRandom.current().nextInt(20_000, 60_000);
        List<String> common = List.of("--cluster", cluster, "--bind-addr", "127.0.0.1", "--stack", "secure-udp",
                "--set", "jgroups.udp.mcast_port=" + port);
        try (PeerProcess a = PeerProcess.start("A", cluster, port, data.resolve("A"),
                List.of("--no-shell", "--stack", "secure-udp", "--secret", secret.toString()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> "A".equals(a.lastLeader()));

            List<String> b = new ArrayList<>(common);
            b.addAll(List.of("--name", "B", "--data-dir", data.resolve("B").toString(), "-c", "members"));
            Run joined = conclave(Map.of("CONCLAVE_SECRET", secret.toString()), with("peer", b));
            assertThat(joined.code()).as(joined.err()).isZero();
            assertThat(joined.out()).contains("A").contains("B");

            List<String> m = new ArrayList<>(common);
            m.addAll(List.of("--name", "M", "--data-dir", data.resolve("M").toString(), "--secret", wrong.toString(), "-c", "members"));
            Run refused = conclave(Map.of(), with("peer", m));
            assertThat(refused.code()).as(refused.out()).isEqualTo(2);
            assertThat(refused.err().strip().lines()).singleElement().asString()
                    .startsWith("conclave: refused by cluster " + cluster).contains("different cluster secret");

            List<String> n = new ArrayList<>(common);
            n.addAll(List.of("--name", "N", "--data-dir", data.resolve("N").toString(), "-c", "members"));
            Run none = conclave(Map.of(), with("peer", n));
            assertThat(none.code()).isEqualTo(2);
            assertThat(none.err().strip().lines()).singleElement().asString()
                    .contains("stack secure-udp encrypts with a cluster secret and none was given");

            assertThat(a.lastMembers()).containsExactly("A");
        }
    }

    private static String[] with(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(String[]::new);
    }
}
