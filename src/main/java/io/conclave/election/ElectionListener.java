package io.conclave.election;

/**
 * Receives a peer's events in the order they happened, on one thread per peer (never a JGroups thread).
 * Override what you need; {@link #onEvent} sees every event.
 */
public interface ElectionListener {

    default void onEvent(ElectionEvent event) {
        if (event instanceof ElectionEvent.ViewChanged e) {
            onViewChanged(e);
        } else if (event instanceof ElectionEvent.Merged e) {
            onMerged(e);
        } else if (event instanceof ElectionEvent.LeaderChanged e) {
            onLeaderChanged(e);
        } else if (event instanceof ElectionEvent.LeadershipGained e) {
            onLeadershipGained(e);
        } else if (event instanceof ElectionEvent.LeadershipLost e) {
            onLeadershipLost(e);
        } else if (event instanceof ElectionEvent.MemberSuspected e) {
            onMemberSuspected(e);
        } else if (event instanceof ElectionEvent.Notice e) {
            onNotice(e);
        }
    }

    default void onViewChanged(ElectionEvent.ViewChanged event) {
    }

    default void onMerged(ElectionEvent.Merged event) {
    }

    default void onLeaderChanged(ElectionEvent.LeaderChanged event) {
    }

    default void onLeadershipGained(ElectionEvent.LeadershipGained event) {
    }

    default void onLeadershipLost(ElectionEvent.LeadershipLost event) {
    }

    default void onMemberSuspected(ElectionEvent.MemberSuspected event) {
    }

    default void onNotice(ElectionEvent.Notice event) {
    }
}
