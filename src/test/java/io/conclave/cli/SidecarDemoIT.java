package io.conclave.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * demo/sidecar.sh as a user runs it: leader sidecars writing through a fence across a partition and a pause.
 * In quorum mode the leaders' writes never interleave (the script fails if they do) and the paused leader's
 * sidecar, which its frozen JVM cannot stop, is refused by the fence.
 */
class SidecarDemoIT {

    /** quorum-udp only, to keep the suite short; demo/sidecar.sh udp shows the coordinator-mode side by hand. */
    @ParameterizedTest
    @ValueSource(strings = {"quorum-udp"})
    void theFenceAndTheLeaseKeepTheLeadersApart(String stack) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "demo/sidecar.sh", stack).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("CONCLAVE_JAR", System.getProperty("conclave.jar"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("refused by the fence");
        if (stack.startsWith("quorum")) {
            assertThat(output).as(output).contains("interleaved leaderships: 0");
        }
    }
}
