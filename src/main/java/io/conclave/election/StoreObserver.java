package io.conclave.election;

import java.time.Duration;

/**
 * Told about every request the replicated store sent through the Raft log (writes and linearizable reads;
 * stale reads never leave the peer), for metrics. Called on the caller's thread once the request ends:
 * keep it short and never throw.
 */
@FunctionalInterface
public interface StoreObserver {

    /**
     * @param operation "put", "get", "delete", "keys" or "cas"
     * @param latency   from the request to its answer or failure
     * @param outcome   "ok", or the lower-case {@link StoreException.Kind} it failed with
     */
    void completed(String operation, Duration latency, String outcome);
}
