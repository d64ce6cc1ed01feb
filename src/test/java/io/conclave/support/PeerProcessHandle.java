package io.conclave.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** Starts a {@link PeerProcess} in its own JVM from the test class path, talks to it, and kills it with SIGKILL. */
public final class PeerProcessHandle implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final List<String> lines = new ArrayList<>();

    private PeerProcessHandle(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readLines, "peer-process-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts peer {@code name} of {@code cluster} (raft-udp) on {@code dataDir}. */
    public static PeerProcessHandle start(TestCluster cluster, String name, Path dataDir, String members) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the same -D settings as this JVM (bind address, IPv4, test logging)
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("-D")).forEach(command::add);
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(PeerProcess.class.getName());
        command.add("stack=raft-udp");
        command.add("cluster=" + cluster.clusterName());
        command.add("mcastPort=" + cluster.mcastPort());
        command.add("name=" + name);
        command.add("dataDir=" + dataDir);
        command.add("members=" + members);
        try {
            return new PeerProcessHandle(name, new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readLines() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                }
            }
        } catch (IOException ignored) {
            // the process died
        }
    }

    /** Waits for the first line (from the start) that matches. */
    public String awaitLine(Predicate<String> match, Duration timeout) {
        return await().atMost(timeout).alias(name + " printed no matching line; it printed: " + lines())
                .until(() -> lines().stream().filter(match).findFirst().orElse(null), l -> l != null);
    }

    /** Sends a command and waits for the first answer line starting with {@code answerPrefix} after it. */
    public String ask(String command, String answerPrefix, Duration timeout) {
        int from = lines().size();
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " is not running", e);
        }
        return await().atMost(timeout).alias(name + " did not answer " + command + "; it printed: " + lines())
                .until(() -> {
                    List<String> all = lines();
                    return all.subList(from, all.size()).stream().filter(l -> l.startsWith(answerPrefix)).findFirst().orElse(null);
                }, l -> l != null);
    }

    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** kill -9: no graceful leave, no log close, no shutdown hook. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
