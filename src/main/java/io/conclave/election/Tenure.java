package io.conclave.election;

import java.time.Duration;

/** One leadership of this peer, as the work run during it sees it (see {@link Peer#whileLeading}). */
public interface Tenure {

    /** The fencing token of this leadership: pass it with every write to what the leader controls. */
    long epoch();

    /** "epoch:leader", unique in every mode (see {@link Leadership#token()}). */
    String token();

    /**
     * True while this leadership goes on; false from the moment it ended or is about to end (before the lease
     * can run out), checked at the moment of the call.
     */
    boolean active();

    /** Blocks until the leadership ends, up to {@code timeout}; true if it ended. */
    boolean awaitEnd(Duration timeout) throws InterruptedException;
}
