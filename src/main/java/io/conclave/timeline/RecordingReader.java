package io.conclave.timeline;

import io.conclave.election.ConclaveException;
import io.conclave.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON Lines recordings: a lab {@code --record} file, a bench trial, or {@code peer --events json} output.
 * Lenient where a recording may legitimately hold more: lines that are not JSON objects (a peer's command
 * output), objects without {@code ts} and {@code type}, unknown types and unknown fields are passed over.
 * A line that starts like JSON but is not, or a time stamp that is not ISO-8601, is one clear error with file:line.
 */
public final class RecordingReader {

    /** The type of the optional first line that describes the run (cluster, stack, mode, peers). */
    public static final String HEADER = "recording";

    private RecordingReader() {
    }

    public static Recording read(List<Path> files) {
        List<Recorded> lines = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        Map<String, Object> header = new HashMap<>();
        for (Path file : files) {
            List<String> text;
            try {
                text = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new ConclaveException("cannot read " + file + ": no such file");
            } catch (IOException e) {
                throw new ConclaveException("cannot read " + file + ": " + e.getMessage());
            }
            int clock = sources.size();
            sources.add(file.toString());
            for (int i = 0; i < text.size(); i++) {
                Map<String, Object> fields = parse(text.get(i), file + ":" + (i + 1));
                if (fields != null) {
                    add(new Recorded(timestamp(fields, file + ":" + (i + 1)), fields, file.toString(), i + 1, clock), lines, header);
                }
            }
        }
        return finish(lines, sources, header, String.join(", ", sources));
    }

    /** The lab's own events, already as JSON fields (one clock: the lab's). */
    public static Recording of(String source, List<Map<String, Object>> events) {
        List<Recorded> lines = new ArrayList<>();
        Map<String, Object> header = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> fields = events.get(i);
            add(new Recorded(timestamp(fields, source + ":" + (i + 1)), fields, source, i + 1, 0), lines, header);
        }
        return finish(lines, List.of(source), header, source);
    }

    private static Recording finish(List<Recorded> lines, List<String> sources, Map<String, Object> header, String what) {
        if (lines.isEmpty()) {
            throw new ConclaveException(what + ": no events (expected JSON Lines from 'lab --record', 'bench --record' or 'peer --events json')");
        }
        return new Recording(lines, sources, header);
    }

    private static void add(Recorded line, List<Recorded> lines, Map<String, Object> header) {
        if (HEADER.equals(line.type())) {
            line.fields().forEach((k, v) -> {
                if (v != null) {
                    header.putIfAbsent(k, v);
                }
            });
        } else {
            lines.add(line);
        }
    }

    private static Map<String, Object> parse(String line, String where) {
        String text = line.strip();
        if (!text.startsWith("{")) {
            return null;
        }
        Map<String, Object> fields;
        try {
            fields = Json.parseObject(text);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new ConclaveException(where + ": not a JSON object: " + e.getMessage());
        }
        return fields.get("ts") instanceof String && fields.get("type") instanceof String ? fields : null;
    }

    private static Instant timestamp(Map<String, Object> fields, String where) {
        try {
            return Instant.parse(String.valueOf(fields.get("ts")));
        } catch (DateTimeParseException e) {
            throw new ConclaveException(where + ": \"ts\" is not an ISO-8601 UTC time stamp: " + fields.get("ts"));
        }
    }
}
