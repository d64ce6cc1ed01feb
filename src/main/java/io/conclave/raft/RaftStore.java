package io.conclave.raft;

import io.conclave.election.ReplicatedStore;
import io.conclave.election.StoreException;
import io.conclave.election.StoreObserver;
import org.jgroups.raft.Settable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * The replicated store on one peer. Writes and linearizable reads go through the top-most {@link Settable}
 * of the stack (raft.REDIRECT, which forwards them to the leader); stale reads answer from this peer's copy.
 * <p>
 * Linearizable reads are log entries too, answered when the leader applies them. jgroups-raft's own read
 * path ({@code getAsync}) skips the log, but in 1.1.4 a batch of reads makes the leader apply and commit
 * every entry of its log, acknowledged by a majority or not ({@code RAFT.process} calls
 * {@code commitLogTo(last_appended + 1)}), and complete their writers' futures: a leader cut off from
 * everyone answers the read and acknowledges pending writes nobody else holds (JgroupsRaftKnownBugsTest).
 * A read through the log costs one log write and is linearizable by Raft's own argument. A leader that holds
 * the lease answers reads from its own copy instead ({@link LeaseReads}).
 * <p>
 * Every write carries a {@link RequestId} of this store's {@link ClientSession}, so {@link RaftCalls} may send it
 * again to a new leader without the risk of applying it twice.
 */
final class RaftStore implements ReplicatedStore {

    static final int MAX_KEY_BYTES = 1024;
    static final int MAX_VALUE_BYTES = 64 * 1024;

    private final Settable raft;
    private final KeyValueStateMachine copy;
    private final RaftCalls calls;
    private final BooleanSupplier closed;
    private final String peer;
    private final List<StoreObserver> observers = new CopyOnWriteArrayList<>();
    private final CopyHealth health;
    private final ClientSession session = new ClientSession();
    private final LeaseReads leaseReads;

    RaftStore(Settable raft, KeyValueStateMachine copy, CopyHealth health, RaftCalls calls, LeaseReads leaseReads,
              BooleanSupplier closed, String peer) {
        this.raft = raft;
        this.leaseReads = leaseReads;
        this.health = health;
        this.copy = copy;
        this.calls = calls;
        this.closed = closed;
        this.peer = peer;
    }

    @Override
    public Optional<String> put(String key, String value, Duration timeout) {
        requireKey(key, "put");
        requireValue(value, "put " + key);
        return Optional.ofNullable(run(StoreCommand.put(key, value), timeout).value());
    }

    @Override
    public Optional<String> get(String key, boolean stale, Duration timeout) {
        requireKey(key, "get");
        if (stale) {
            requireOpen("get " + key);
            requireIntact("get " + key);
            return Optional.ofNullable(copy.localValue(key));
        }
        return Optional.ofNullable(run(StoreCommand.get(key), timeout).value());
    }

    @Override
    public Optional<String> delete(String key, Duration timeout) {
        requireKey(key, "del");
        return Optional.ofNullable(run(StoreCommand.delete(key), timeout).value());
    }

    @Override
    public List<String> keys(Duration timeout) {
        return run(StoreCommand.keys(), timeout).keys();
    }

    @Override
    public CasResult compareAndSet(String key, String expected, String newValue, Duration timeout) {
        requireKey(key, "cas");
        requireValue(newValue, "cas " + key);
        if (expected != null) {
            requireValue(expected, "cas " + key + " (expected value)");
        }
        StoreResponse response = run(StoreCommand.compareAndSet(key, expected, newValue), timeout);
        return new CasResult(response.swapped(), response.value());
    }

    /** How many linearizable reads this peer answered from its own copy under the lease. */
    long leaseReadsAnswered() {
        return leaseReads.answered();
    }

    @Override
    public void addObserver(StoreObserver observer) {
        observers.add(observer);
    }

    /** Runs one request through the log and tells the observers how long it took and how it ended. */
    private StoreResponse run(StoreCommand command, Duration timeout) {
        long start = System.nanoTime();
        String outcome = "ok";
        try {
            return send(command, timeout);
        } catch (RuntimeException e) {
            outcome = e instanceof StoreException failure ? failure.kind().name().toLowerCase(Locale.ROOT) : "failed";
            throw e;
        } finally {
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            String operation = command.op().name().toLowerCase(Locale.ROOT);
            for (StoreObserver observer : observers) {
                observer.completed(operation, latency, outcome);
            }
        }
    }

    private StoreResponse send(StoreCommand command, Duration timeout) {
        String what = command.describe();
        requireOpen(what);
        boolean read = command.op().isRead();
        if (read) {
            Optional<StoreResponse> local = leaseReads.read(() -> copy.read(command));
            if (local.isPresent()) {
                return checked(local.get(), what);
            }
        }
        long leadingTerm = read ? leaseReads.leadingTerm() : -1;
        RequestId id = read ? null : session.next();
        byte[] answer;
        try {
            byte[] encoded = command.encode(id);
            answer = calls.call(what, command.op().changes, timeout, () -> raft.setAsync(encoded, 0, encoded.length, null));
        } finally {
            if (id != null) {
                session.finished(id);
            }
        }
        StoreResponse response;
        try {
            response = StoreResponse.decode(command.op(), answer);
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.FAILED, what + ": unreadable answer: " + e.getMessage(), e);
        }
        if (read) {
            leaseReads.logReadAnswered(leadingTerm);
        }
        return checked(response, what);
    }

    private static StoreResponse checked(StoreResponse response, String what) {
        if (response.error() != null) {
            throw new StoreException(StoreException.Kind.FAILED, what + ": " + response.error());
        }
        return response;
    }

    private void requireOpen(String what) {
        if (closed.getAsBoolean()) {
            throw new StoreException(StoreException.Kind.FAILED, what + ": peer " + peer + " is closed");
        }
    }

    private void requireIntact(String what) {
        String damage = health.damage();
        if (damage != null) {
            throw new StoreException(StoreException.Kind.FAILED, what + ": " + damage);
        }
    }

    private static void requireKey(String key, String op) {
        if (key == null || key.isEmpty()) {
            throw new StoreException(StoreException.Kind.INVALID, op + ": the key is empty");
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new StoreException(StoreException.Kind.INVALID, op + ": the key has " + bytes
                    + " bytes; at most " + MAX_KEY_BYTES + " are allowed");
        }
    }

    private static void requireValue(String value, String what) {
        if (value == null) {
            throw new StoreException(StoreException.Kind.INVALID, what + ": the value is null; use delete to remove a key");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_VALUE_BYTES) {
            throw new StoreException(StoreException.Kind.INVALID, what + ": the value has " + bytes
                    + " bytes; at most " + MAX_VALUE_BYTES + " are allowed (this store is for small values)");
        }
    }
}
