package io.conclave.timeline;

import io.conclave.timeline.Lane.DownSpan;
import io.conclave.timeline.Lane.FollowSpan;
import io.conclave.timeline.Lane.LeadSpan;
import io.conclave.timeline.Lane.Mark;
import io.conclave.timeline.Lane.ViewSpan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds one peer's lane from its events and the lab faults that concern it, fed in time order. */
final class LaneBuilder {

    private final String peer;
    private final List<ViewSpan> views = new ArrayList<>();
    private final List<FollowSpan> follows = new ArrayList<>();
    private final List<LeadSpan> leads = new ArrayList<>();
    private final List<DownSpan> downs = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    private ViewSpan view;
    private FollowSpan follow;
    private LeadSpan lead;
    private DownSpan down;

    LaneBuilder(String peer) {
        this.peer = peer;
    }

    /** One of this peer's own events. */
    void event(Recorded r, int index) {
        Instant t = r.ts();
        if (down != null && down.state() != PeerState.PAUSED) {
            // a peer that was down speaks again (restarted outside the lab's knowledge): it is up
            endDown(t);
        }
        switch (r.type()) {
            case "view" -> {
                endView(t);
                view = new ViewSpan(t, null, r.text("view"), r.names("members"), index);
            }
            case "leader" -> {
                endFollow(t);
                follow = new FollowSpan(t, null, r.text("leader"), r.number("epoch"), r.text("reason"), index);
            }
            case "leadership" -> {
                if ("gained".equals(r.text("state"))) {
                    if (lead == null) {
                        lead = new LeadSpan(t, null, r.number("epoch"), r.text("token"), index);
                    }
                } else {
                    endLead(t);
                }
            }
            case "suspect" -> marks.add(new Mark(t, "suspect", "suspects " + r.text("member"), index));
            case "notice" -> marks.add(new Mark(t, "notice", r.text("kind") + ": " + r.text("message"), index));
            case "merge" -> marks.add(new Mark(t, "merge", "merge into " + r.text("view"), index));
            default -> {
                // a type this version does not know: shown nowhere, as the README asks of tools
            }
        }
    }

    /** A lab fault that happened to this peer: kill, stop, start, pause or resume. */
    void fault(Recorded r, int index) {
        Instant t = r.ts();
        switch (r.text("action")) {
            case "kill", "stop" -> {
                endView(t);
                endFollow(t);
                endLead(t);
                endDown(t);
                down = new DownSpan(t, null, r.text("action").equals("kill") ? PeerState.KILLED : PeerState.STOPPED, index);
            }
            case "pause" -> {
                endDown(t);
                down = new DownSpan(t, null, PeerState.PAUSED, index);
            }
            default -> endDown(t); // start, resume
        }
    }

    Lane build(Instant end) {
        endView(end);
        endFollow(end);
        endLead(end);
        endDown(end);
        return new Lane(peer, views, follows, leads, downs, marks);
    }

    private void endView(Instant t) {
        if (view != null) {
            views.add(new ViewSpan(view.from(), t, view.view(), view.members(), view.event()));
            view = null;
        }
    }

    private void endFollow(Instant t) {
        if (follow != null) {
            follows.add(new FollowSpan(follow.from(), t, follow.leader(), follow.epoch(), follow.reason(), follow.event()));
            follow = null;
        }
    }

    private void endLead(Instant t) {
        if (lead != null) {
            leads.add(new LeadSpan(lead.from(), t, lead.epoch(), lead.token(), lead.event()));
            lead = null;
        }
    }

    private void endDown(Instant t) {
        if (down != null) {
            downs.add(new DownSpan(down.from(), t, down.state(), down.event()));
            down = null;
        }
    }
}
