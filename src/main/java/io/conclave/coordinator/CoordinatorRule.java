package io.conclave.coordinator;

import io.conclave.election.ViewInfo;

/**
 * The coordinator-mode decision, kept free of I/O so it can be tested with scripted views: the first
 * member of the view leads, unless a quorum is declared and the view holds fewer than a majority of it.
 */
public final class CoordinatorRule {

    /** 0 means no quorum is declared. */
    private final int quorumSize;

    public CoordinatorRule(int quorumSize) {
        this.quorumSize = quorumSize;
    }

    public static int majorityOf(int size) {
        return size / 2 + 1;
    }

    /**
     * Who the view makes leader. With a quorum this is only the candidate: it leads once it also holds the
     * lease (see {@link io.conclave.lease.LeaseKeeper}), which no view can give.
     */
    public Decision decide(ViewInfo view) {
        if (view.size() == 0) {
            return new Decision(null, "not in a view");
        }
        if (quorumSize > 0 && view.size() < majorityOf(quorumSize)) {
            return new Decision(null, "no quorum: " + view.size() + " of " + quorumSize + " ("
                    + majorityOf(quorumSize) + " needed)");
        }
        return new Decision(view.coordinator(), null);
    }

    public int quorumSize() {
        return quorumSize;
    }

    /** The leader (null if none) and why there is none. */
    public record Decision(String leader, String reason) {
    }
}
