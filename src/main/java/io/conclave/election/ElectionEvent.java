package io.conclave.election;

import java.time.Instant;
import java.util.List;

/** Something a peer observed. Every event carries the time and the name of the peer that saw it. */
public sealed interface ElectionEvent {

    Instant ts();

    String peer();

    /** A new view was installed (also sent for merge views, before the {@link Merged} event). */
    record ViewChanged(Instant ts, String peer, ViewInfo view) implements ElectionEvent {
    }

    /**
     * Partitions healed: {@code view} is the merged view, {@code subgroups} the views that merged. Reported
     * once the mode knows who leads after the merge (at once in coordinator mode; in raft mode when the
     * merged side has a leader, or after a bound), so before/after say whether the merge changed them.
     */
    record Merged(Instant ts, String peer, ViewInfo view, List<Subgroup> subgroups,
                  String leaderBefore, String leaderAfter, long epochBefore, long epochAfter)
            implements ElectionEvent {
        public Merged {
            subgroups = List.copyOf(subgroups);
        }

        public boolean leaderChanged() {
            return !java.util.Objects.equals(leaderBefore, leaderAfter);
        }
    }

    /** This peer's idea of the leader changed; {@code newLeader} is null with a {@code reason} when there is none. */
    record LeaderChanged(Instant ts, String peer, Mode mode, String oldLeader, String newLeader, long epoch,
                         String reason) implements ElectionEvent {
    }

    /** This peer became the leader. */
    record LeadershipGained(Instant ts, String peer, long epoch) implements ElectionEvent {
    }

    /** This peer stopped being the leader. */
    record LeadershipLost(Instant ts, String peer, long epoch, String newLeader) implements ElectionEvent {
    }

    /** Failure detection suspects a member (crashed, hung or cut off). */
    record MemberSuspected(Instant ts, String peer, String member) implements ElectionEvent {
    }

    /**
     * Something the user should know that is not a change of view or leader; {@code kind} says which.
     */
    record Notice(Instant ts, String peer, Kind kind, String message) implements ElectionEvent {

        public enum Kind {
            /** The first view had only this peer. */
            ALONE,
            /**
             * Messages from a peer without the cluster secret, or from a second process of this peer's name,
             * were dropped; announced at most once a minute per sender.
             */
            REFUSED,
            /** A weak setting in the stack or the configuration; said once per distinct text. */
            WARNING,
            /**
             * Raft mode: this peer's copy of the store is damaged, e.g. its committed log differs from the
             * leader's; the copy serves no reads and the message says how to repair it.
             */
            ALARM,
            /** Fault injection: this peer obeys fault commands, refused one, or was refused one. */
            FAULTS,
            /** The leader work ({@code LeaderWork}) started, ended, stopped or failed. */
            TASK;

            /** The lower-case name used in output and JSON ("alone", "refused", ...). */
            public String label() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }
    }

    /** One side of a merge: its view and the leader it had by the mode's rules (null if none or unknown). */
    record Subgroup(ViewInfo view, String leader) {
    }
}
