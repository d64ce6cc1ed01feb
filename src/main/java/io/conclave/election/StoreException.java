package io.conclave.election;

/**
 * A store operation that did not happen, or whose outcome is unknown. The message is one line saying why,
 * e.g. "no leader: no majority: 2 of 5 voting members reachable, 3 needed".
 */
public class StoreException extends ConclaveException {

    /** Why the operation failed; callers may retry on {@link #NO_LEADER} and {@link #TIMEOUT}. */
    public enum Kind {
        /** This peer knows no leader (no majority, or an election is under way); nothing was written. */
        NO_LEADER,
        /**
         * No answer within the timeout, e.g. the leader became unreachable. A write may still be committed
         * later: its outcome is unknown.
         */
        TIMEOUT,
        /** The key or value cannot be stored (empty key, too large...). */
        INVALID,
        /** The peer is closed, or the operation failed for another reason given in the message. */
        FAILED
    }

    private final Kind kind;

    public StoreException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public StoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
