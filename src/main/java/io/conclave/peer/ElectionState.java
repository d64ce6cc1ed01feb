package io.conclave.peer;

import io.conclave.election.ElectionEvent;
import io.conclave.election.Leadership;
import io.conclave.election.Mode;
import io.conclave.election.ViewInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A peer's election state (its view and its leadership) and the events that announce its changes. It changes
 * only on the peer's {@link ElectionLoop}: an input changes it and collects the events it causes, in the order
 * it causes them (a view's own event, then the leader events its decision brings); after the input,
 * {@link #flush()} adds them to the history, publishes the new {@link ElectionSnapshot} and hands them to the
 * listeners, so a listener told of a change already reads the state that goes with it. Other threads read
 * only published snapshots.
 */
final class ElectionState {

    private final String self;
    private final Consumer<ElectionEvent> history;
    private final Consumer<ElectionEvent> listeners;
    private final List<ElectionEvent> caused = new ArrayList<>();
    private ViewInfo view;
    private Leadership leadership;
    /** Refused at a merge as a second process of this name: it leads nothing and is leaving. */
    private boolean refused;
    private volatile ElectionSnapshot published;

    /**
     * @param history   where every event goes first (the peer's timeline), before the snapshot it explains is published
     * @param listeners where every event goes after that snapshot is published
     */
    ElectionState(String self, ElectionSnapshot initial, Consumer<ElectionEvent> history,
                  Consumer<ElectionEvent> listeners) {
        this.self = self;
        this.history = history;
        this.listeners = listeners;
        this.view = initial.view();
        this.leadership = initial.leadership();
        this.published = initial;
    }

    /** The view as the loop knows it (the loop only). */
    ViewInfo view() {
        return view;
    }

    /** The leadership as the loop knows it (the loop only). */
    Leadership leadership() {
        return leadership;
    }

    /** A new view is installed: its event comes before those of the decision on it (the loop only). */
    void viewInstalled(ViewInfo next, Instant now) {
        view = next;
        caused.add(new ElectionEvent.ViewChanged(now, self, next));
    }

    /** The elector's current belief (the loop only); a change becomes leader events. */
    void publish(Leadership next) {
        if (refused) {
            return;
        }
        Leadership previous = leadership;
        long epoch = Math.max(previous.epoch(), next.epoch());
        boolean leaderChanged = !Objects.equals(previous.leader(), next.leader())
                || !Objects.equals(previous.reason(), next.reason());
        Instant since = leaderChanged ? next.since() : previous.since();
        Leadership current = new Leadership(next.mode(), next.leader(), epoch, since, next.reason());
        leadership = current;
        if (!leaderChanged && !(next.mode() == Mode.RAFT && epoch != previous.epoch())) {
            return;
        }
        caused.add(new ElectionEvent.LeaderChanged(since, self, current.mode(), previous.leader(), current.leader(),
                current.epoch(), current.reason()));
        boolean wasLeader = self.equals(previous.leader());
        boolean isLeader = self.equals(current.leader());
        if (isLeader && !wasLeader) {
            caused.add(new ElectionEvent.LeadershipGained(since, self, current.epoch()));
        } else if (wasLeader && !isLeader) {
            caused.add(new ElectionEvent.LeadershipLost(since, self, current.epoch(), current.leader()));
        }
    }

    /** This peer is a second process of its name: it stops leading with {@code none} and ignores the elector from now on (the loop only). */
    void refuse(Leadership none) {
        publish(none);
        refused = true;
    }

    /** Any other event (a notice, a suspicion, a merge report), in its place among the ones caused so far (the loop only). */
    void record(ElectionEvent event) {
        caused.add(event);
    }

    /** After each input (the loop only): the history, then the snapshot, then the listeners. */
    void flush() {
        List<ElectionEvent> events = List.copyOf(caused);
        caused.clear();
        events.forEach(history);
        ElectionSnapshot next = new ElectionSnapshot(view, leadership);
        if (!next.equals(published)) {
            synchronized (this) {
                published = next;
                notifyAll();
            }
        }
        events.forEach(listeners);
    }

    /** The newest published snapshot (any thread). */
    ElectionSnapshot snapshot() {
        return published;
    }

    /** Waits at most {@code maxNanos} for a snapshot other than {@code seen}, and returns the newest (any thread). */
    synchronized ElectionSnapshot awaitOther(ElectionSnapshot seen, long maxNanos) throws InterruptedException {
        if (published == seen && maxNanos > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, maxNanos);
        }
        return published;
    }
}
