package io.conclave.raft;

import io.conclave.election.StoreException;
import org.jgroups.protocols.raft.RaftLeaderException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs one request through jgroups-raft with a deadline and turns its failures into {@link StoreException}s
 * that say what happened. The deadline is not optional: a request forwarded to a leader that then dies is
 * never failed by jgroups-raft 1.1.4, so waiting without one could hang forever.
 */
final class RaftCalls {

    /** Submits the request; may throw at once (no leader known, this peer just stopped leading...). */
    @FunctionalInterface
    interface Submit {
        CompletableFuture<byte[]> submit() throws Exception;
    }

    private final Supplier<String> noLeaderReason;
    private final Supplier<String> leaderName;

    /**
     * @param noLeaderReason why this peer sees no leader right now ("no majority: ...")
     * @param leaderName     the leader this peer knows, or null
     */
    RaftCalls(Supplier<String> noLeaderReason, Supplier<String> leaderName) {
        this.noLeaderReason = noLeaderReason;
        this.leaderName = leaderName;
    }

    /**
     * @param what    "put k", for messages
     * @param write   whether the request changes state (its outcome is unknown after a timeout)
     * @param timeout how long to wait for the answer
     */
    byte[] call(String what, boolean write, Duration timeout, Submit request) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new StoreException(StoreException.Kind.INVALID, what + ": the timeout must be positive, not " + timeout);
        }
        String leader = leaderName.get();
        CompletableFuture<byte[]> answer;
        try {
            answer = request.submit();
        } catch (RaftLeaderException e) {
            throw noLeader(what, e);
        } catch (IllegalStateException e) {
            throw isNotLeader(e) ? noLeader(what, e) : failed(what, e);
        } catch (Exception e) {
            throw failed(what, e);
        }
        try {
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(false);
            throw new StoreException(StoreException.Kind.TIMEOUT, what + ": no answer within " + format(timeout)
                    + (leader == null ? "" : " from leader " + leader)
                    + " (a majority may be unreachable)" + (write ? "; the write may still be committed" : ""), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RaftLeaderException || isNotLeader(cause)) {
                throw new StoreException(StoreException.Kind.NO_LEADER, what + ": "
                        + (leader == null ? "the leader" : "leader " + leader)
                        + " stopped leading before it answered"
                        + (write ? "; the write may or may not be committed" : "") + " (retry)", cause);
            }
            throw failed(what, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.FAILED, what + ": interrupted", e);
        }
    }

    private StoreException noLeader(String what, Exception cause) {
        String reason = noLeaderReason.get();
        return new StoreException(StoreException.Kind.NO_LEADER, what + ": no leader: "
                + (reason == null ? "the leader changed; retry" : reason), cause);
    }

    private static StoreException failed(String what, Throwable cause) {
        return new StoreException(StoreException.Kind.FAILED, what + ": " + oneLine(cause), cause);
    }

    /** jgroups-raft signals "not (or no longer) the leader" only through this message. */
    private static boolean isNotLeader(Throwable t) {
        return t instanceof IllegalStateException && String.valueOf(t.getMessage()).contains("not the leader");
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
