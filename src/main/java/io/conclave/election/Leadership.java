package io.conclave.election;

import java.time.Instant;
import java.util.Optional;

/**
 * What one peer believes about leadership at one moment: a leader, or the reason there is none (exactly one of
 * {@code leader} and {@code reason} is set, so a reader never has to guess which one counts).
 *
 * @param mode   the election mode
 * @param leader the leader's name, or null when this peer sees no leader
 * @param epoch  the fencing token: in quorum mode the lease's token, in raft mode the Raft term (both higher for
 *               every new leadership, across peers); in coordinator mode the view number, which two sides of a
 *               split may share (see {@link #token()})
 * @param since  when this peer started to believe it
 * @param reason why there is no leader (null when there is one), e.g. "no quorum: 2 of 5"
 */
public record Leadership(Mode mode, String leader, long epoch, Instant since, String reason) {

    public Leadership {
        if ((leader == null) == (reason == null)) {
            throw new IllegalArgumentException("a leadership has either a leader or the reason there is none, but had leader "
                    + leader + " and reason " + reason);
        }
    }

    public static Leadership none(Mode mode, long epoch, Instant since, String reason) {
        return new Leadership(mode, null, epoch, since, reason);
    }

    public Optional<String> leaderName() {
        return Optional.ofNullable(leader);
    }

    public boolean hasLeader() {
        return leader != null;
    }

    /**
     * The leadership's identity as a fence sees it: "epoch:leader", e.g. "7:C"; null without a leader. No two
     * leaderships share it in any mode (coordinator mode's two sides of a split have different leaders); compare
     * epochs first, then leaders, to order them.
     */
    public String token() {
        return leader == null ? null : epoch + ":" + leader;
    }

    /** Same leader and epoch, ignoring when it was learnt. */
    public boolean sameAs(Leadership other) {
        return other != null && java.util.Objects.equals(leader, other.leader) && epoch == other.epoch
                && java.util.Objects.equals(reason, other.reason);
    }
}
