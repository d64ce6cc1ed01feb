package io.conclave.support;

import io.conclave.election.ElectionEvent;
import io.conclave.election.ElectionListener;
import io.conclave.election.Peer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Every peer's own leadership events, on this JVM's one clock, and the two safety checks on them: at no instant
 * do two peers both hold leadership, and no two leaderships carry the same token.
 */
public final class LeadershipLog implements ElectionListener {

    private final List<ElectionEvent> events = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> holdingFrom = new HashMap<>();

    /** Starts listening; {@code currentLeader} (if any) is taken to hold leadership from now. */
    public static LeadershipLog watch(List<Peer> peers, String currentLeader, long currentEpoch) {
        LeadershipLog log = new LeadershipLog();
        if (currentLeader != null) {
            log.events.add(new ElectionEvent.LeadershipGained(Instant.now(), currentLeader, currentEpoch));
        }
        peers.forEach(p -> p.addListener(log));
        return log;
    }

    public void add(Peer peer) {
        peer.addListener(this);
    }

    @Override
    public void onEvent(ElectionEvent event) {
        if (event instanceof ElectionEvent.LeadershipGained || event instanceof ElectionEvent.LeadershipLost) {
            events.add(event);
        }
    }

    /** The moments two peers both held leadership, as text; empty when there were none. */
    public List<String> overlaps() {
        holdingFrom.clear();
        List<String> overlaps = new ArrayList<>();
        events.stream().sorted(Comparator.comparing(ElectionEvent::ts)).forEach(e -> {
            if (e instanceof ElectionEvent.LeadershipGained g) {
                holdingFrom.keySet().stream().filter(other -> !other.equals(g.peer()))
                        .forEach(other -> overlaps.add(other + " (since " + holdingFrom.get(other) + ") and "
                                + g.peer() + " (from " + g.ts() + ")"));
                holdingFrom.put(g.peer(), g.ts());
            } else if (e instanceof ElectionEvent.LeadershipLost l) {
                holdingFrom.remove(l.peer());
            }
        });
        return overlaps;
    }

    /** Epochs that more than one leadership was gained with, as "epoch: peers"; empty when every one is unique. */
    public List<String> sharedTokens() {
        Map<Long, List<String>> byEpoch = events.stream().filter(ElectionEvent.LeadershipGained.class::isInstance)
                .map(ElectionEvent.LeadershipGained.class::cast)
                .collect(Collectors.groupingBy(ElectionEvent.LeadershipGained::epoch,
                        Collectors.mapping(ElectionEvent.LeadershipGained::peer, Collectors.toList())));
        return byEpoch.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + ": " + e.getValue()).toList();
    }

    public List<ElectionEvent> events() {
        return List.copyOf(events);
    }
}
