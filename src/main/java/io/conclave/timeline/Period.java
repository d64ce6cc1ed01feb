package io.conclave.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A stretch of time for the whole cluster, with the leaders of that stretch (who led, or who was named). */
public record Period(Instant from, Instant to, List<String> leaders) {

    public Period {
        leaders = List.copyOf(leaders);
    }

    public Duration length() {
        return Duration.between(from, to);
    }
}
