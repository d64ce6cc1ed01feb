package io.conclave.lab;

import io.conclave.election.ElectionEvent;
import io.conclave.timeline.LabEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/** Everything every lab peer observed, and the faults, for the merge reports; bounded like a peer's own timeline. */
final class ClusterTimeline {

    private static final int MAX_EVENTS = 50_000;
    private static final int MAX_FAULTS = 5_000;

    private final Deque<ElectionEvent> events = new ArrayDeque<>();
    private final Deque<LabEvent> faults = new ArrayDeque<>();

    synchronized void add(ElectionEvent event) {
        events.addLast(event);
        if (events.size() > MAX_EVENTS) {
            events.removeFirst();
        }
    }

    synchronized void add(LabEvent fault) {
        faults.addLast(fault);
        if (faults.size() > MAX_FAULTS) {
            faults.removeFirst();
        }
    }

    /** Events of all peers, oldest first by time stamp (peers deliver on their own threads). */
    synchronized List<ElectionEvent> events() {
        List<ElectionEvent> all = new ArrayList<>(events);
        all.sort(Comparator.comparing(ElectionEvent::ts));
        return all;
    }

    synchronized List<LabEvent> faults() {
        return new ArrayList<>(faults);
    }
}
