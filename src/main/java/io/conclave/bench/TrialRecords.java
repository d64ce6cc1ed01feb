package io.conclave.bench;

import io.conclave.election.ConclaveException;
import io.conclave.json.Json;
import io.conclave.peer.DataDirs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bench ... --record DIR}: every trial's events (and the faults the bench injected) as one JSON Lines
 * file, {@code DIR/<bench>-<stack>-<trial>.jsonl}, in the lab's record format, so {@code conclave timeline}
 * draws any trial. The trial running on this thread is known without passing it through every bench: the
 * cluster of a trial writes its file when it closes.
 */
public final class TrialRecords {

    private static final ThreadLocal<Path> CURRENT = new ThreadLocal<>();

    private final Path dir;
    private final String bench;

    private TrialRecords(Path dir, String bench) {
        this.dir = dir;
        this.bench = bench;
    }

    /** Records into {@code dir} (checked now), or nothing when {@code dir} is null. */
    public static Optional<TrialRecords> into(Path dir, String bench) {
        if (dir == null) {
            return Optional.empty();
        }
        DataDirs.prepare(dir, "record directory", "--record");
        return Optional.of(new TrialRecords(dir, bench));
    }

    /** Runs one trial with its record file as this thread's current one. */
    Trial run(TrialRunner runner, String stack, int trial) {
        CURRENT.set(dir.resolve(String.format(Locale.ROOT, "%s-%s-%02d.jsonl", bench, stack.replaceAll("[^A-Za-z0-9._-]", "_"), trial)));
        try {
            return runner.run(stack);
        } finally {
            CURRENT.remove();
        }
    }

    /** Writes the running trial's file, if this thread runs a recorded trial: a header, then every line by time. */
    static void write(String cluster, String stack, List<String> peers, List<Map<String, Object>> lines) {
        Path file = CURRENT.get();
        if (file == null) {
            return;
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("ts", Instant.now().toString());
        header.put("type", "recording");
        header.put("source", "bench " + file.getFileName());
        header.put("cluster", cluster);
        header.put("stack", stack);
        header.put("peers", peers);
        List<Map<String, Object>> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparing(m -> Instant.parse(String.valueOf(m.get("ts")))));
        List<String> text = new ArrayList<>(List.of(Json.write(header)));
        sorted.forEach(m -> text.add(Json.write(m)));
        try {
            Files.write(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConclaveException("cannot write the trial record " + file + " (--record): " + e.getMessage());
        }
    }
}
