package io.conclave.raft;

import org.apache.logging.log4j.LogManager;
import org.jgroups.protocols.raft.RAFT;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * On the leader, now and then: runs a {@link LogCheck} of the committed entries not checked yet, so every peer
 * compares its committed log with the leader's.
 * <p>
 * A check is itself two log entries, so a range of at most two entries (usually the previous check's own) is
 * skipped: an idle cluster appends nothing. That matters beyond the log's size: jgroups-raft 1.1.4 resends to a
 * lagging follower only when its processing queue has been idle for {@code resend_interval} (1 s by default,
 * 100 ms in the bundled raft stacks), so entries
 * every second would keep a follower that came back from a partition from ever catching up.
 */
final class LogCheckTask implements Runnable {

    /** How often the leader looks for newly committed entries to check. */
    static final long INTERVAL_MS = 5_000;
    /** At most this many entries per check: one check reads them all from the log on every peer, on jgroups-raft's
     * processing thread; under a sustained higher write rate the checks fall behind, and catch up when it drops. */
    static final int MAX_ENTRIES = 5_000;

    private final RAFT raft;
    private final KeyValueStateMachine copy;
    private volatile long lastSentTo;
    private volatile CompletableFuture<?> running = CompletableFuture.completedFuture(null);

    LogCheckTask(RAFT raft, KeyValueStateMachine copy) {
        this.raft = raft;
        this.copy = copy;
    }

    @Override
    public void run() {
        if (!raft.isLeader()) {
            lastSentTo = 0;
            return;
        }
        if (!running.isDone()) {
            return;
        }
        // firstAppended and commitIndex are fields of jgroups-raft; reading entries here would not be safe
        LogCheck range = LogCheck.next(raft.log().firstAppended(), Math.max(lastSentTo, copy.lastCheckedIndex()),
                raft.commitIndex(), MAX_ENTRIES);
        if (range == null || range.to() - range.from() < 2) {
            return;
        }
        lastSentTo = range.to();
        running = append(range).thenComposeAsync(answer -> { // not on jgroups-raft's thread, which completes it
            String leaders = decode(answer);
            return leaders == null ? CompletableFuture.completedFuture(null)
                    : append(range.withDigest(Long.parseUnsignedLong(leaders, 16)));
        }).exceptionally(e -> {
            LogManager.getLogger(LogCheckTask.class).debug("log check {}..{} not completed", range.from(), range.to(), e);
            return null;
        });
    }

    private CompletableFuture<byte[]> append(LogCheck check) {
        byte[] encoded = check.command().encode();
        try {
            return raft.setAsync(encoded, 0, encoded.length);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static String decode(byte[] answer) {
        try {
            return StoreResponse.decode(StoreCommand.Op.CHECK, answer).value();
        } catch (IOException e) {
            return null;
        }
    }
}
