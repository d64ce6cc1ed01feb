package io.conclave.raft;

import org.apache.logging.log4j.LogManager;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Whether this peer's copy of the store can be trusted. Damage is permanent until the peer is repaired: a log
 * entry that cannot be decoded (the copy stops applying there) or a committed log that differs from the
 * leader's ({@link LogCheck}). A damaged copy serves no reads; the first damage raises one alarm.
 */
final class CopyHealth {

    private final String peer;
    private final Supplier<String> logFile;
    private final Consumer<String> alarm;
    private volatile String damage;

    /**
     * @param logFile where this peer's raft log lives, for the repair line
     * @param alarm   raises an "alarm" notice with the message
     */
    CopyHealth(String peer, Supplier<String> logFile, Consumer<String> alarm) {
        this.peer = peer;
        this.logFile = logFile;
        this.alarm = alarm;
    }

    /** A copy outside a peer (tests of the state machine alone). */
    static CopyHealth detached() {
        return new CopyHealth("this peer", () -> "its raft log", message -> {
        });
    }

    /** Records the first damage and raises the alarm; later damage only goes to the log. */
    void damaged(String what) {
        String message = "the store copy of " + peer + " is damaged: " + what + ". It serves no reads. Repair: stop "
                + peer + ", move " + logFile.get() + " away and start it again; it reloads the log from the leader";
        LogManager.getLogger(CopyHealth.class).error(message);
        synchronized (this) {
            if (damage != null) {
                return;
            }
            damage = message;
        }
        alarm.accept(message);
    }

    /** Why this copy cannot be trusted, or null. */
    String damage() {
        return damage;
    }
}
