package io.conclave.peer;

import io.conclave.election.ElectionEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The events one peer observed, bounded so a long-running peer does not grow without limit. */
final class Timeline {

    private static final int MAX_EVENTS = 10_000;
    private static final int MAX_MERGES = 1_000;

    private final Deque<ElectionEvent> events = new ArrayDeque<>();
    private final Deque<ElectionEvent.Merged> merges = new ArrayDeque<>();

    synchronized void add(ElectionEvent event) {
        append(events, event, MAX_EVENTS);
        if (event instanceof ElectionEvent.Merged merged) {
            append(merges, merged, MAX_MERGES);
        }
    }

    synchronized List<ElectionEvent> events() {
        return new ArrayList<>(events);
    }

    synchronized List<ElectionEvent.Merged> merges() {
        return new ArrayList<>(merges);
    }

    private static <T> void append(Deque<T> deque, T item, int max) {
        deque.addLast(item);
        if (deque.size() > max) {
            deque.removeFirst();
        }
    }
}
