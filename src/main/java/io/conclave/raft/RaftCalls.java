package io.conclave.raft;

import io.conclave.election.StoreException;
import org.jgroups.protocols.raft.RaftLeaderException;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs one request through jgroups-raft with a deadline and turns its failures into {@link StoreException}s
 * that say what happened. The deadline is not optional: a request forwarded to a leader that then dies is
 * never failed by jgroups-raft 1.1.4, so waiting without one could hang forever.
 * <p>
 * A request follows the leader: when this peer learns of another leader while the request is pending, or
 * the leader it went to leaves the view or stops leading, it is sent again to the new leader at once, until
 * an answer comes or its own deadline passes. A resend is safe because a write carries its
 * {@link RequestId}: the state machine applies it once and answers every copy with the first result. Only the
 * first attempt fails fast (no leader, no majority); later, a side that lost its majority fails with the reason.
 */
final class RaftCalls {

    /** How often a pending request looks at who leads (two field reads and a view lookup). */
    static final long LEADER_POLL_MS = 5;

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
     * @param timeout how long to wait for the answer, resends included
     */
    byte[] call(String what, boolean write, Duration timeout, Submit request) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new StoreException(StoreException.Kind.INVALID, what + ": the timeout must be positive, not " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String leader = leaderName.get();
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        CompletableFuture<byte[]> attempt;
        try {
            attempt = forward(request.submit(), answer);
        } catch (RaftLeaderException e) {
            throw noLeader(what, e);
        } catch (IllegalStateException e) {
            throw isNotLeader(e) ? noLeader(what, e) : failed(what, e);
        } catch (Exception e) {
            throw failed(what, e);
        }
        int resends = 0;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw timedOut(what, write, timeout, leader, resends);
                }
                try {
                    return answer.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(LEADER_POLL_MS)), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // no answer yet: see below whether the leader changed
                }
                Throwable failure = failureOf(attempt);
                if (failure != null && !stoppedLeading(failure)) {
                    throw failed(what, failure);
                }
                String now = leaderName.get();
                if (now == null) {
                    String reason = noLeaderReason.get();
                    if (reason != null && reason.startsWith("no majority")) {
                        throw new StoreException(StoreException.Kind.NO_LEADER, what + ": no leader: " + reason
                                + (write ? "; the write may or may not be committed" : ""), failure);
                    }
                    continue; // an election is under way: wait for its leader
                }
                if (failure == null && Objects.equals(now, leader)) {
                    continue;
                }
                leader = now;
                try {
                    attempt = forward(request.submit(), answer);
                    resends++;
                } catch (Exception e) {
                    if (!(e instanceof RaftLeaderException) && !stoppedLeading(e)) {
                        throw failed(what, e);
                    }
                    attempt = CompletableFuture.failedFuture(e); // the leader moved again: next round
                }
            }
        } catch (ExecutionException e) {
            throw failed(what, e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.FAILED, what + ": interrupted", e);
        }
    }

    /** Completes {@code answer} with the attempt's result; failures stay on the attempt for the loop to judge. */
    private static CompletableFuture<byte[]> forward(CompletableFuture<byte[]> attempt, CompletableFuture<byte[]> answer) {
        attempt.thenAccept(answer::complete);
        return attempt;
    }

    private static Throwable failureOf(CompletableFuture<byte[]> attempt) {
        if (!attempt.isCompletedExceptionally()) {
            return null;
        }
        try {
            attempt.join();
            return null;
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }

    private static boolean stoppedLeading(Throwable t) {
        return t instanceof RaftLeaderException || isNotLeader(t);
    }

    private StoreException timedOut(String what, boolean write, Duration timeout, String leader, int resends) {
        return new StoreException(StoreException.Kind.TIMEOUT, what + ": no answer within " + format(timeout)
                + (leader == null ? "" : " from leader " + leader)
                + (resends == 0 ? "" : " (sent " + (resends + 1) + " times as the leader changed)")
                + " (a majority may be unreachable)" + (write ? "; the write may still be committed" : ""));
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
