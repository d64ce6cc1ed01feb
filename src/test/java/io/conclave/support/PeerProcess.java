package io.conclave.support;

import io.conclave.json.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real {@code java -jar conclave.jar peer ...} process whose JSON event lines are collected as they arrive. */
public final class PeerProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    private final List<String> otherLines = new CopyOnWriteArrayList<>();

    private PeerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(this::readEvents, "events-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    public static Path jar() {
        String jar = System.getProperty("conclave.jar");
        if (jar == null) {
            throw new IllegalStateException("system property conclave.jar is not set; run through 'mvn verify'");
        }
        return Path.of(jar);
    }

    /** Starts a headless peer printing JSON events on loopback. */
    public static PeerProcess start(String name, String cluster, int mcastPort, Path dataDir, String... extraArgs)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-Djava.net.preferIPv4Stack=true",
                "-Djgroups.udp.ip_ttl=0", "-Djgroups.udp.mcast_port=" + mcastPort,
                "-jar", jar().toString(), "peer", "--name", name, "--cluster", cluster,
                "--bind-addr", "127.0.0.1", "--data-dir", dataDir.toString(), "--no-shell", "--events", "json"));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new PeerProcess(name, process);
    }

    private void readEvents() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("{")) {
                    events.add(Json.parseObject(line));
                } else {
                    otherLines.add(line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    public String name() {
        return name;
    }

    public List<Map<String, Object>> events() {
        return List.copyOf(events);
    }

    /** Lines that were not JSON events: a peer must print none (logs go to its log file). */
    public List<String> otherLines() {
        return List.copyOf(otherLines);
    }

    /** The leader named by the last "leader" event, or null. */
    public String lastLeader() {
        Map<String, Object> last = null;
        for (Map<String, Object> event : events) {
            if ("leader".equals(event.get("type"))) {
                last = event;
            }
        }
        return last == null ? null : (String) last.get("leader");
    }

    /** The members of the last view event. */
    @SuppressWarnings("unchecked")
    public List<String> lastMembers() {
        List<String> members = List.of();
        for (Map<String, Object> event : events) {
            if ("view".equals(event.get("type"))) {
                members = (List<String>) event.get("members");
            }
        }
        return members;
    }

    /** kill -9: no leave message, sockets closed by the kernel. */
    public void crash() {
        process.destroyForcibly();
    }

    public Process process() {
        return process;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
