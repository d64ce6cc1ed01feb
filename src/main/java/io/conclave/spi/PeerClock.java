package io.conclave.spi;

import java.time.Instant;

/**
 * Where a peer's runtime, its election loop and its elector read the time, so that a test can run them on a
 * clock it moves itself. The lease protocol keeps its own monotonic source (see {@code LEASE}).
 */
public interface PeerClock {

    /** The real clocks: wall time from the system clock, durations from {@link System#nanoTime()}. */
    PeerClock SYSTEM = new PeerClock() {
        @Override
        public Instant instant() {
            return Instant.now();
        }

        @Override
        public long nanos() {
            return System.nanoTime();
        }
    };

    /** Wall-clock time, for the time stamps of events and leaderships. */
    Instant instant();

    /** A monotonic count of nanoseconds, for durations and timers: like {@link System#nanoTime()}, only differences mean anything. */
    long nanos();
}
