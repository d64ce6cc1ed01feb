package io.conclave.cli;

import io.conclave.bench.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code peer --script} through the real jar: the lab's script language, on one peer. */
class PeerScriptIT {

    @TempDir
    Path dir;

    @Test
    void aPeerScriptCountsItsChecksAndFailsOnAFailedOne() throws Exception {
        Path script = dir.resolve("alone.txt");
        Files.writeString(script, """
                await leader 20s          # alone, it leads itself
                expect leader P
                isolate Q                 # the fault commands are peer commands too
                faults
                await view-size 2 500ms   # fails: it is alone
                """);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.net.preferIPv4Stack=true", "-Djgroups.udp.ip_ttl=0",
                "-Djgroups.udp.mcast_port=" + ThreadLocalRandom.current().nextInt(20_000, 60_000),
                "-jar", PeerProcess.jar().toString(), "peer", "--name", "P",
                "--cluster", "it-" + UUID.randomUUID().toString().substring(0, 8), "--bind-addr", "127.0.0.1",
                "--data-dir", dir.resolve("P").toString(), "--allow-faults", "--script", script.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(out).isEqualTo(1);
        assertThat(out).contains("ok    await leader 20s: leader P, agreed by the only live peer",
                "ok    expect leader P", "cut Q / * (generation 1): Q hears no one", "cut      Q / *  (generation 1, by P)",
                "FAIL  line 5: await view-size 2 500ms (waited ");
        assertThat(out.strip()).endsWith("2 passed, 1 failed");
    }
}
