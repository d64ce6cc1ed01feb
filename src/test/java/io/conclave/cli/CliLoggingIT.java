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

/**
 * The real jar selects its own log4j configuration at start-up (cli/LogSetup), now that the library jar carries
 * none: JGroups' and Conclave's lines go to the peer's log file in the data directory, none to the terminal.
 */
class CliLoggingIT {

    @TempDir
    Path dir;

    @Test
    void aPeerLogsToTheFileInItsDataDirectoryAndNotToTheTerminal() throws Exception {
        Path script = dir.resolve("lead.txt");
        Files.writeString(script, "await leader 20s\n");
        Path data = dir.resolve("P");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.net.preferIPv4Stack=true", "-Djgroups.udp.ip_ttl=0",
                "-Djgroups.udp.mcast_port=" + ThreadLocalRandom.current().nextInt(20_000, 60_000),
                "-jar", PeerProcess.jar().toString(), "peer", "--name", "P",
                "--cluster", "it-" + UUID.randomUUID().toString().substring(0, 8), "--bind-addr", "127.0.0.1",
                "--data-dir", data.toString(), "--script", script.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String terminal = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(terminal).isZero();

        assertThat(terminal).contains("1 passed").doesNotContain("JGRP", "JChannel", "INFO", "WARN");
        // conclave-log4j2.xml's pattern: "ISO8601 LEVEL [thread] Logger: message"
        assertThat(Files.readAllLines(data.resolve("conclave.log")))
                .anyMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\dT[\\d:,]+ INFO  \\[.+] JChannel: local_addr: .*"));
    }
}
