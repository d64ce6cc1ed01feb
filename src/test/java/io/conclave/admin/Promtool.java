package io.conclave.admin;

import io.conclave.support.Tools;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code promtool check metrics} (Debian package prometheus); tests that need it skip where it is missing. */
final class Promtool {

    private Promtool() {
    }

    /** Runs promtool on the text; returns its exit code and output. Skips the test if promtool is not installed. */
    static Result check(String metrics) throws IOException, InterruptedException {
        Path promtool = Tools.find("promtool").orElse(null);
        Assumptions.assumeTrue(promtool != null,
                "promtool not found on PATH: install the Debian package 'prometheus' (.ci/run does) to check /metrics");
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(metrics.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("promtool did not finish");
        }
        return new Result(process.exitValue(), output);
    }

    record Result(int code, String output) {
    }
}
