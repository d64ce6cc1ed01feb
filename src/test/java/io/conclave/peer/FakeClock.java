package io.conclave.peer;

import io.conclave.spi.PeerClock;

import java.time.Duration;
import java.time.Instant;

/** A clock that moves only when a test moves it. */
final class FakeClock implements PeerClock {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private volatile long nanos;

    @Override
    public Instant instant() {
        return START.plusNanos(nanos);
    }

    @Override
    public long nanos() {
        return nanos;
    }

    void advance(Duration by) {
        nanos += by.toNanos();
    }
}
