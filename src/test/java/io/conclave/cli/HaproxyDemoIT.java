package io.conclave.cli;

import io.conclave.bench.PeerProcess;
import io.conclave.support.Tools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** demo/haproxy-leader.sh: HAProxy health-checking GET /leader follows the leader after kill -9. */
class HaproxyDemoIT {

    @Test
    void haproxyFollowsTheLeaderAfterKill9() throws Exception {
        Assumptions.assumeTrue(Tools.find("haproxy").isPresent(),
                "haproxy not found on PATH: install the Debian package 'haproxy' (.ci/run does) to run the HAProxy demo");
        ProcessBuilder demo = new ProcessBuilder("bash", "demo/haproxy-leader.sh").redirectErrorStream(true);
        demo.environment().put("CONCLAVE_JAR", PeerProcess.jar().toString());
        Process process = demo.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        System.out.println(output);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("sends GET /status to: A", "kill -9 of A", "(switch-over)");
    }
}
