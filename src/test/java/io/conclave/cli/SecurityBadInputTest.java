package io.conclave.cli;

import io.conclave.support.Cli.Outcome;

import io.conclave.support.Secrets;
import io.conclave.support.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;

import static io.conclave.support.Cli.assertOneClearLine;
import static io.conclave.support.Cli.peer;
import static io.conclave.support.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The security rows of the bad-input matrix, and the rest of it that BadInputTest does not cover. */
class SecurityBadInputTest {

    @TempDir
    Path dir;

    @AfterEach
    void restoreEnvironment() {
        PeerCommand.environment = System::getenv;
    }

    @Test
    void keygenWritesAPrivateFileAndNeverOverwritesWithoutForce() throws IOException {
        Path file = dir.resolve("cluster.secret");
        Outcome made = run("keygen", file.toString());
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).contains("wrote a new cluster secret to " + file).contains("--secret " + file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String first = Files.readString(file);
        assertThat(made.out()).doesNotContain(first.lines().filter(l -> l.startsWith("conclave-secret")).findFirst().orElseThrow().split(" ")[1]);

        assertOneClearLine(run("keygen", file.toString()), "secret file " + file + " already exists", "--force");
        assertThat(Files.readString(file)).isEqualTo(first);
        assertThat(run("keygen", "--force", file.toString()).code()).isZero();
        assertThat(Files.readString(file)).isNotEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertOneClearLine(run("keygen", dir.resolve("no/such/dir/secret").toString()), "does not exist");
    }

    @Test
    void secureStackWithoutASecret() {
        assertOneClearLine(peer(dir, "--stack", "secure-udp"), "stack secure-udp encrypts with a cluster secret and none was given",
                "--secret FILE", "CONCLAVE_SECRET", "conclave keygen");
    }

    @Test
    void missingUnreadableOrDamagedSecretFile() throws IOException {
        Path missing = dir.resolve("nope.secret");
        assertOneClearLine(peer(dir, "--stack", "secure-udp", "--secret", missing.toString()), "secret file " + missing + " (--secret) not found");

        Path open = Secrets.newFile(dir);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertOneClearLine(peer(dir, "--stack", "secure-udp", "--secret", open.toString()), "accessible by other users", "chmod 600 " + open);

        Path garbage = dir.resolve("garbage.secret");
        Files.writeString(garbage, "hunter2\n");
        Files.setPosixFilePermissions(garbage, PosixFilePermissions.fromString("rw-------"));
        assertOneClearLine(peer(dir, "--stack", "secure-udp", "--secret", garbage.toString()), "is not a Conclave secret", "conclave keygen");

        Path notFile = dir.resolve("a-directory");
        Files.createDirectories(notFile);
        assertOneClearLine(peer(dir, "--stack", "secure-udp", "--secret", notFile.toString()), "is not a regular file");
    }

    @Test
    void secretFromTheEnvironment() {
        Path missing = dir.resolve("env.secret");
        PeerCommand.environment = name -> name.equals("CONCLAVE_SECRET") ? missing.toString() : null;
        assertOneClearLine(peer(dir, "--stack", "secure-udp"), "secret file " + missing + " (CONCLAVE_SECRET) not found");
        PeerCommand.environment = name -> name.equals("CONCLAVE_SECRET") ? " " : null;
        assertOneClearLine(peer(dir, "--stack", "secure-udp"), "CONCLAVE_SECRET is set but empty");

        Path good = Secrets.newFile(dir);
        PeerCommand.environment = name -> name.equals("CONCLAVE_SECRET") ? good.toString() : null;
        Outcome ok = peer(dir, "--stack", "secure-udp", "--set", "jgroups.udp.mcast_port=" + freePort());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("A");
        // An exported CONCLAVE_SECRET does not get in the way of the plain stacks.
        Outcome plain = peer(dir, "--stack", "udp", "--set", "jgroups.udp.mcast_port=" + freePort());
        assertThat(plain.code()).as(plain.err()).isZero();
    }

    @Test
    void aSecretForAStackThatDoesNotEncrypt() {
        Path secret = Secrets.newFile(dir);
        assertOneClearLine(peer(dir, "--stack", "udp", "--secret", secret.toString()),
                "--secret " + secret + " was given, but stack udp does not encrypt anything", "secure-udp");
    }

    @Test
    void theWrongSecretIsRefusedByTheCluster() {
        Path secret = Secrets.newFile(dir);
        Path wrong = Secrets.newFile(dir);
        try (TestCluster cluster = new TestCluster("secure-udp", dir.resolve("legit"), Secrets.settings(secret))) {
            cluster.start("A");
            cluster.awaitOneLeader();
            assertOneClearLine(peer(dir, "--stack", "secure-udp", "--name", "M", "--cluster", cluster.name(), "--secret", wrong.toString(),
                    "--set", "jgroups.udp.mcast_port=" + cluster.mcastPort()),
                    "refused by cluster " + cluster.name(), "different cluster secret", "--secret");
            assertThat(cluster.peer("A").view().members()).containsExactly("A");
        }
    }

    @Test
    void aNameAlreadyPresentInTheCluster() {
        try (TestCluster cluster = new TestCluster("udp", dir.resolve("legit"))) {
            cluster.start("A");
            cluster.awaitOneLeader();
            assertOneClearLine(peer(dir, "--name", "A", "--cluster", cluster.name(), "--set", "jgroups.udp.mcast_port=" + cluster.mcastPort()),
                    "a peer named A is already in cluster " + cluster.name(), "--name");
            // The newcomer left again; the peer that was there first stays, alone and leading.
            org.awaitility.Awaitility.await().atMost(TestCluster.GENEROUS)
                    .until(() -> cluster.peer("A").view().members().equals(List.of("A")));
            assertThat(cluster.peer("A").isLeader()).isTrue();
        }
    }

    @Test
    void dataDirectoryThatIsAFileOrCannotBeWritten() throws IOException {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        assertOneClearLine(peer(dir, "--data-dir", file.toString()), "data directory " + file + " (--data-dir) is a file, not a directory");
        assertOneClearLine(peer(dir, "--data-dir", file.resolve("sub").toString()), "cannot create data directory", "--data-dir");
        // Even root cannot create files in /proc.
        assertOneClearLine(peer(dir, "--data-dir", "/proc/self/fdinfo"), "data directory /proc/self/fdinfo is not writable (--data-dir)");
    }

    @Test
    void readOnlyDataDirectory() throws Exception {
        Path readOnly = dir.resolve("read-only");
        Files.createDirectories(readOnly);
        if (!"root".equals(System.getProperty("user.name"))) {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
            assertOneClearLine(peer(dir, "--data-dir", readOnly.toString()), "is not writable (--data-dir)", "permission denied");
            return;
        }
        // root writes through permission bits (CI runs as root), but not into an immutable directory
        assumeTrue(chattr("+i", readOnly), "chattr +i is not available on this file system; root ignores permission bits");
        try {
            assertOneClearLine(peer(dir, "--data-dir", readOnly.toString()), "is not writable (--data-dir)",
                    "Operation not permitted");
        } finally {
            chattr("-i", readOnly);
        }
    }

    private static boolean chattr(String flag, Path path) throws InterruptedException {
        try {
            return new ProcessBuilder("chattr", flag, path.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void missingEndOfConfigAndMissingGms() throws IOException {
        Path truncated = dir.resolve("truncated.xml");
        Files.writeString(truncated, "<config>\n    <UDP diag.enabled=\"false\"/>\n    <PING/>\n");
        assertOneClearLine(peer(dir, "--stack", truncated.toString()), truncated + ":4: malformed XML");
        Path noGms = dir.resolve("no-gms.xml");
        Files.writeString(noGms, "<config>\n    <UDP diag.enabled=\"false\"/>\n    <PING/>\n    <pbcast.NAKACK2/>\n    <UNICAST3/>\n</config>\n");
        assertOneClearLine(peer(dir, "--stack", noGms.toString()), noGms + ": no pbcast.GMS", "<pbcast.GMS/>");
    }

    @Test
    void unknownShellCommandIsOneLineAndTheShellGoesOn() {
        Outcome outcome = peer(dir, "-c", "nonsense", "-c", "leader", "--set", "jgroups.udp.mcast_port=" + freePort());
        assertThat(outcome.err().strip().lines()).singleElement().asString().contains("unknown command 'nonsense'").contains("help");
        assertThat(outcome.out()).contains("A");
        assertThat(outcome.code()).isEqualTo(1);
    }

    @Test
    void aPeerAloneSaysSo() {
        String cluster = "alone-" + UUID.randomUUID();
        Outcome outcome = peer(dir, "--cluster", cluster, "--events", "text", "--set", "jgroups.udp.mcast_port=" + freePort());
        assertThat(outcome.code()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("alone in cluster " + cluster + ": no other peer answered discovery");
    }

    private static int freePort() {
        return java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000, 60_000);
    }
}
