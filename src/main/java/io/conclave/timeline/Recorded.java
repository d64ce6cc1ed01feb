package io.conclave.timeline;

import io.conclave.json.Json;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One event line of a recording, as written (unknown fields kept, so the page can show the exact event).
 *
 * @param ts     the time stamp, shifted onto the reference clock once the clocks are aligned
 * @param fields the JSON object as read
 * @param source the file (or "lab") it came from, for messages and the page
 * @param line   its line number in that source
 * @param clock  which clock stamped it: one per source file, since each file comes from one host
 */
public record Recorded(Instant ts, Map<String, Object> fields, String source, int line, int clock) {

    public Recorded {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    public String type() {
        return text("type");
    }

    /** The peer that saw it; null for lab faults and the recording header. */
    public String peer() {
        return text("peer");
    }

    public String text(String key) {
        Object value = fields.get(key);
        return value == null ? null : String.valueOf(value);
    }

    public long number(String key) {
        return fields.get(key) instanceof Number n ? n.longValue() : 0;
    }

    public boolean has(String key) {
        return fields.get(key) != null;
    }

    public List<String> names(String key) {
        return fields.get(key) instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    public String where() {
        return source + ":" + line;
    }

    public String json() {
        return Json.write(fields);
    }

    Recorded at(Instant adjusted) {
        return new Recorded(adjusted, fields, source, line, clock);
    }
}
