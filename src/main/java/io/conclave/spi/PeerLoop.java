package io.conclave.spi;

import java.time.Duration;

/**
 * The one thread on which a peer changes its election state. What an elector runs here is ordered with every
 * other input of the peer (views, suspicions, notices, timers), and what it publishes from here leaves the
 * peer in that order.
 */
public interface PeerLoop {

    /** Runs {@code input} on the loop after the inputs already queued; from any thread, never waits. */
    void execute(Runnable input);

    /** Runs {@code tick} on the loop every {@code period} of the peer's clock (after the previous run), until the peer closes. */
    void every(Duration period, Runnable tick);
}
