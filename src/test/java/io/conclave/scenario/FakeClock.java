package io.conclave.scenario;

import java.time.Instant;

/**
 * The scenario's time, in milliseconds from 0: it moves only when a step says {@code at 1500ms}, never backwards,
 * and nothing sleeps. The rules read it as monotonic nanoseconds (the lease) or as instants (events).
 */
final class FakeClock {

    private long millis;

    void advanceTo(long toMillis) {
        if (toMillis < millis) {
            throw new ScenarioException("time only moves forward: it is " + millis + "ms, so at " + toMillis + "ms is in the past");
        }
        millis = toMillis;
    }

    long millis() {
        return millis;
    }

    long nanos() {
        return millis * 1_000_000;
    }

    Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    static long toMillis(long nanos) {
        return Math.floorDiv(nanos, 1_000_000);
    }
}
