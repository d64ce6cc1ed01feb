package io.conclave.timeline;

import java.util.List;
import java.util.Map;

/**
 * What one or more recordings hold: their event lines in source order, the sources (one clock each), and what
 * a {@code recording} header line said about the run (cluster, stack, mode, peers), if there was one.
 */
public record Recording(List<Recorded> lines, List<String> sources, Map<String, Object> header) {

    public Recording {
        lines = List.copyOf(lines);
        sources = List.copyOf(sources);
        header = Map.copyOf(header);
    }

    public String headerText(String key) {
        Object value = header.get(key);
        return value == null ? null : String.valueOf(value);
    }
}
