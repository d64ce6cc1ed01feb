package io.conclave.raft;

import java.security.SecureRandom;
import java.util.TreeSet;

/**
 * The client side of §6.3 sessions: one random client id per store instance, a sequence number per write,
 * and the lowest sequence number still in flight, so the state machine can forget the results of the rest.
 */
final class ClientSession {

    private final long client = new SecureRandom().nextLong();
    private final TreeSet<Long> inFlight = new TreeSet<>();
    private long lastSeq;

    /** A new id for one write; call {@link #finished} when the caller no longer waits for it, whatever happened. */
    synchronized RequestId next() {
        long seq = ++lastSeq;
        inFlight.add(seq);
        return new RequestId(client, seq, inFlight.first());
    }

    synchronized void finished(RequestId id) {
        inFlight.remove(id.seq());
    }

    long client() {
        return client;
    }
}
