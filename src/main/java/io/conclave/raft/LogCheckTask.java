package io.conclave.raft;

import org.apache.logging.log4j.LogManager;
import org.jgroups.protocols.raft.RAFT;

/**
 * On the leader, now and then: appends a {@link LogCheck} of the committed entries not checked yet, so every
 * peer compares its committed log with the leader's.
 * <p>
 * A check is itself a log entry, so a range of one entry (usually the previous check) is skipped: an idle cluster
 * appends nothing. That matters beyond the log's size: jgroups-raft 1.1.4 resends to a lagging follower only
 * when its processing queue has been idle for {@code resend_interval} (1 s), so an entry every second would
 * keep a follower that came back from a partition from ever catching up.
 */
final class LogCheckTask implements Runnable {

    /** How often the leader looks for newly committed entries to check. */
    static final long INTERVAL_MS = 1_000;
    /** At most this many entries per check: one check reads them all from the log on every peer. */
    static final int MAX_ENTRIES = 10_000;

    private final RAFT raft;
    private final KeyValueStateMachine copy;
    private long lastSentTo;

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
        LogCheck check = LogCheck.of(raft.log(), Math.max(lastSentTo, copy.lastCheckedIndex()), raft.commitIndex(), MAX_ENTRIES);
        if (check == null || check.to() == check.from()) {
            return;
        }
        byte[] encoded = check.command().encode();
        try {
            raft.setAsync(encoded, 0, encoded.length).exceptionally(e -> null);
            lastSentTo = check.to();
        } catch (Exception e) {
            LogManager.getLogger(LogCheckTask.class).debug("log check not sent", e);
        }
    }
}
