package io.conclave.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One peer along the time axis: the views it was in, the leader it followed, when it led itself, when the lab
 * had it down or paused, and point events (suspicions, notices, merges). {@code event} fields index
 * {@link Timeline#events()}, the exact event behind each piece.
 */
public record Lane(String peer, List<ViewSpan> views, List<FollowSpan> follows, List<LeadSpan> leads,
                   List<DownSpan> downs, List<Mark> marks) {

    public Lane {
        views = List.copyOf(views);
        follows = List.copyOf(follows);
        leads = List.copyOf(leads);
        downs = List.copyOf(downs);
        marks = List.copyOf(marks);
    }

    /** The peer was in view {@code view} (members in view order). */
    public record ViewSpan(Instant from, Instant to, String view, List<String> members, int event) {
        public ViewSpan {
            members = List.copyOf(members);
        }
    }

    /** The peer named {@code leader} (null: none, and {@code reason} says why). */
    public record FollowSpan(Instant from, Instant to, String leader, long epoch, String reason, int event) {
    }

    /** The peer believed it led, with this epoch (the fencing token) and the token field if events carry one. */
    public record LeadSpan(Instant from, Instant to, long epoch, String token, int event) {
        public Duration length() {
            return Duration.between(from, to);
        }
    }

    /** The lab had the peer killed, stopped or paused. */
    public record DownSpan(Instant from, Instant to, PeerState state, int event) {
    }

    /** A point event on this lane: {@code kind} is suspect, notice or merge. */
    public record Mark(Instant at, String kind, String text, int event) {
    }
}
