package io.conclave.timeline;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** The recordings under src/test/resources/timeline: real lab and peer runs (see record-two-hosts.sh). */
final class Fixtures {

    private Fixtures() {
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/timeline/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Timeline timeline(String... names) {
        return TimelineBuilder.of(RecordingReader.read(Arrays.stream(names).map(Fixtures::path).toList()));
    }

    /** The time stamp of the first fault with this action, as recorded. */
    static Instant fault(Timeline t, String action) {
        return t.faults().stream().filter(f -> f.action().equals(action)).findFirst().orElseThrow().at();
    }

    static List<String> leaders(List<Period> periods) {
        return periods.stream().map(p -> String.join("+", p.leaders())).toList();
    }
}
