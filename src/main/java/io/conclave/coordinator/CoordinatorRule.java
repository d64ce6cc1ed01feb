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

    public Decision decide(ViewInfo view) {
        return decide(view, java.util.Set.copyOf(view.members()), null);
    }

    /**
     * Like {@link #decide(ViewInfo)}, but a view that still lists a majority is not enough: with a quorum, this
     * peer must also have heard from a majority (itself included) within the lease. A view lags behind a cut
     * by the failure-detection timeout; the lease is shorter, so the old side's leader steps down before the
     * other side can elect a new one, and two leaders never both believe they hold a majority. For the same
     * reason a follower names no leader it has not heard from within the lease: until its view catches up
     * with a cut, it would otherwise name the old leader while the majority it sits in follows a new one.
     *
     * @param heard the view members this peer heard from within the lease (itself included)
     * @param lease how the lease reads in a message, e.g. "1.5 s"
     */
    public Decision decide(ViewInfo view, java.util.Set<String> heard, String lease) {
        if (view.size() == 0) {
            return new Decision(null, "not in a view");
        }
        if (quorumSize > 0 && view.size() < majorityOf(quorumSize)) {
            return new Decision(null, "no quorum: " + view.size() + " of " + quorumSize + " ("
                    + majorityOf(quorumSize) + " needed)");
        }
        long reachable = view.members().stream().filter(heard::contains).count();
        if (quorumSize > 0 && reachable < majorityOf(quorumSize)) {
            return new Decision(null, "no quorum: heard from " + reachable + " of " + quorumSize + " within "
                    + lease + " (" + majorityOf(quorumSize) + " needed)");
        }
        if (quorumSize > 0 && !heard.contains(view.coordinator())) {
            return new Decision(null, "leader " + view.coordinator() + " not heard from within " + lease);
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
