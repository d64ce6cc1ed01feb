package io.conclave.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium}) for tests of pages: the DOM after the page's scripts ran, what
 * the page wrote to its console (chromium logs it to stderr as {@code CONSOLE} lines), and a screenshot.
 * Each run gets a fresh profile and no network services, and runs as root where the tests do.
 */
public final class Chromium {

    private final Path binary;
    private final Path profiles;

    private Chromium(Path binary, Path profiles) {
        this.binary = binary;
        this.profiles = profiles;
    }

    /** Chromium from the PATH, or empty when it is not installed. */
    public static Optional<Chromium> find(Path profiles) {
        return Tools.find("chromium", "chromium-browser", "google-chrome").map(binary -> new Chromium(binary, profiles));
    }

    /** What one page load gave: the serialized DOM (with --dump-dom) and the page's console lines. */
    public record Load(String dom, List<String> console, String stderr) {
    }

    public Load dumpDom(Path page) throws IOException, InterruptedException {
        return run(page, List.of("--dump-dom"));
    }

    public Load screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        return run(page, List.of("--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath()));
    }

    private Load run(Path page, List<String> what) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(profiles, "chromium").toAbsolutePath(),
                "--enable-logging=stderr", "--v=0"));
        command.addAll(what);
        command.add(page.toAbsolutePath().toUri().toString());
        Path err = Files.createTempFile(profiles, "chromium", ".err");
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        String dom = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 2 minutes: " + command);
        }
        String stderr = Files.readString(err);
        List<String> console = stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
        return new Load(dom, console, stderr);
    }
}
