package io.conclave.election;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A small key-value store replicated through the Raft log (raft mode only, see {@link Peer#store()}).
 * It exists to show what a leader is for: every write goes to the leader (from any peer) and returns only
 * once a majority of the voting members has it in their logs, so it survives crashes and restarts.
 * <p>
 * Every operation takes a timeout and either succeeds within it or throws a {@link StoreException}
 * saying why (no leader, no majority, timed out); it never hangs. Keys and values are strings.
 */
public interface ReplicatedStore {

    /** The timeout used by the overloads without one. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** Sets {@code key} to {@code value}; returns the previous value. */
    Optional<String> put(String key, String value, Duration timeout);

    /**
     * Reads {@code key}. A linearizable read ({@code stale = false}) asks the leader, which confirms with a
     * majority that it still leads, so it sees every acknowledged write. A stale read answers from this
     * peer's own copy at once, even without a leader, and may miss recent writes.
     */
    Optional<String> get(String key, boolean stale, Duration timeout);

    /** Removes {@code key}; returns the value it had. */
    Optional<String> delete(String key, Duration timeout);

    /** All keys in ascending order (a linearizable read). */
    List<String> keys(Duration timeout);

    /**
     * Sets {@code key} to {@code newValue} only if its current value is {@code expected}
     * ({@code null} means: only if the key is absent). Decided by the leader in log order, so two peers
     * racing on the same key cannot both win.
     */
    CasResult compareAndSet(String key, String expected, String newValue, Duration timeout);

    /** Adds an observer of every request that goes through the log (see {@link StoreObserver}). */
    void addObserver(StoreObserver observer);

    default Optional<String> put(String key, String value) {
        return put(key, value, DEFAULT_TIMEOUT);
    }

    default Optional<String> get(String key) {
        return get(key, false, DEFAULT_TIMEOUT);
    }

    default Optional<String> delete(String key) {
        return delete(key, DEFAULT_TIMEOUT);
    }

    default List<String> keys() {
        return keys(DEFAULT_TIMEOUT);
    }

    default CasResult compareAndSet(String key, String expected, String newValue) {
        return compareAndSet(key, expected, newValue, DEFAULT_TIMEOUT);
    }

    /**
     * The outcome of a compare-and-set.
     *
     * @param swapped true if the value was replaced
     * @param current the value after the operation: {@code newValue} if swapped, else what the key holds
     *                (null if absent)
     */
    record CasResult(boolean swapped, String current) {
    }
}
