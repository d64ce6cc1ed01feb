package io.conclave.support;

import io.conclave.election.ElectionEvent;
import io.conclave.election.ElectionListener;
import io.conclave.election.Peer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Records every (term, leader) any peer reported through its LeaderChanged events, to check Raft's safety
 * property across peers: never two leaders in one term.
 */
public final class TermLedger {

    private final Map<Long, Set<String>> leadersByTerm = new TreeMap<>();
    private final List<String> reports = new ArrayList<>();

    /** Follows a peer from now on (events are delivered in order on the peer's event thread). */
    public void watch(Peer peer) {
        peer.addListener(new ElectionListener() {
            @Override
            public void onLeaderChanged(ElectionEvent.LeaderChanged event) {
                record(event);
            }
        });
        // the history covers what happened before the listener was added (a report seen twice counts once)
        peer.history().forEach(this::record);
    }

    private synchronized void record(ElectionEvent event) {
        if (event instanceof ElectionEvent.LeaderChanged changed && changed.newLeader() != null) {
            if (leadersByTerm.computeIfAbsent(changed.epoch(), t -> new TreeSet<>()).add(changed.newLeader())) {
                reports.add("term " + changed.epoch() + ": " + changed.peer() + " saw " + changed.newLeader());
            }
        }
    }

    /** Terms in which peers reported different leaders, with who reported what; empty when safe. */
    public synchronized Map<Long, Set<String>> conflicts() {
        Map<Long, Set<String>> conflicts = new TreeMap<>();
        leadersByTerm.forEach((term, leaders) -> {
            if (leaders.size() > 1) {
                conflicts.put(term, leaders);
            }
        });
        return conflicts;
    }

    public synchronized Map<Long, Set<String>> leadersByTerm() {
        return new TreeMap<>(leadersByTerm);
    }

    @Override
    public synchronized String toString() {
        return String.join("\n", reports);
    }
}
